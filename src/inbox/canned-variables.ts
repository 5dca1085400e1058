import type { ConversationSummary } from '../protocol.js';

/** What a canned reply's variables are filled from as it is inserted. */
export interface CannedContext {
  conversation: Pick<ConversationSummary, 'id'> & { visitor: { profile: { name?: string; email?: string } } };
  agent: { name: string };
}

/** Said in place of a name the visitor never gave ("Hi {{visitor.firstName}}" → "Hi there"). */
export const NO_NAME = 'there';

/** Each variable a canned reply may hold, and its value. */
const VARIABLES: Record<string, (context: CannedContext) => string> = {
  'visitor.name': ({ conversation }) => conversation.visitor.profile.name?.trim() || NO_NAME,
  'visitor.firstName': ({ conversation }) => conversation.visitor.profile.name?.trim().split(/\s+/)[0] || NO_NAME,
  'visitor.email': ({ conversation }) => conversation.visitor.profile.email?.trim() ?? '',
  'agent.name': ({ agent }) => agent.name,
  'conversation.id': ({ conversation }) => conversation.id,
};

/** The names `expandCanned` knows, for the reply manager's hint. */
export const CANNED_VARIABLES = Object.keys(VARIABLES);

/**
 * A canned reply's text with its variables filled in: `{{visitor.name}}` (or "there" when the
 * visitor gave none), `{{visitor.firstName}}`, `{{visitor.email}}` (empty when unknown),
 * `{{agent.name}}`, `{{conversation.id}}`; spaces inside the braces are allowed. Anything else in
 * braces stays as written, so a typo shows before the reply is sent. Values are inserted as text.
 */
export function expandCanned(text: string, context: CannedContext): string {
  return text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, name: string) => (Object.hasOwn(VARIABLES, name) ? VARIABLES[name]!(context) : whole));
}
