/**
 * `npm run analyze` → custom-elements.json (run with the tsx loader, so this config can read the
 * option table). Corrections the analyzer cannot infer by itself:
 * - `<support-chat>`'s option properties are generated from `src/config/options.ts` at run time;
 *   they are added here from the same table, with the docs from `option-docs.ts`;
 * - `dispatchEvent(new SupportChatXEvent(x))` calls are listed as events named after nothing or
 *   after their argument, next to the documented `@fires` entries; only `support-*` names stay;
 * - `open` is an accessor pair whose getter returns the method; it is listed as a method;
 * - each event gets `detail.type.text`, the type its class passes to `CustomEvent` (the schema has
 *   no field for it: editors and the generated web-types read this one).
 */
import { OPTION_DOCS } from './src/config/option-docs.ts';
import { OPTIONS } from './src/config/options.ts';

function typeText(spec) {
  switch (spec.kind) {
    case 'enum':
      return spec.values.map((value) => `'${value}'`).join(' | ');
    case 'json':
      return 'Record<string, unknown>';
    case 'boolean':
    case 'number':
      return spec.kind;
    default:
      return 'string';
  }
}

function optionMembers() {
  return Object.entries(OPTIONS).map(([name, spec]) => {
    const entry = { name, type: { text: typeText(spec) }, description: OPTION_DOCS[name] };
    if (spec.default !== '' && !(typeof spec.default === 'object' && Object.keys(spec.default).length === 0)) {
      entry.default = JSON.stringify(spec.default);
    }
    return { attribute: { ...entry, name: spec.attribute, fieldName: name }, field: { ...entry, kind: 'field', attribute: spec.attribute } };
  });
}

/** The text of a type node (TypeScript AST), with a type or interface declared in the same file written out. */
function nodeTypeText(ts, node) {
  const flat = (text) => text.replace(/\/\*\*[\s\S]*?\*\//g, '').replace(/\s+/g, ' ').replace(/; }/g, ' }').trim();
  if (!ts.isTypeReferenceNode(node) || node.typeArguments) return flat(node.getText());
  const name = node.typeName.getText();
  for (const statement of node.getSourceFile().statements) {
    if (statement.name?.text !== name) continue;
    if (ts.isTypeAliasDeclaration(statement)) return flat(statement.type.getText());
    if (ts.isInterfaceDeclaration(statement)) return flat(`{ ${statement.members.map((member) => member.getText()).join(' ')} }`);
  }
  return name;
}

/** Each event class's `detail` type, from `class X extends CustomEvent<Detail>`. */
function eventDetails() {
  const details = new Map();
  return {
    name: 'support-chat-event-details',
    analyzePhase({ ts, node }) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      const base = node.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
      if (base?.expression.getText() !== 'CustomEvent' || !base.typeArguments?.length) return;
      details.set(node.name.text, nodeTypeText(ts, base.typeArguments[0]));
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const declaration of customElementsManifest.modules.flatMap((module) => module.declarations ?? [])) {
        for (const event of declaration.events ?? []) {
          const detail = details.get(event.type?.text);
          if (detail) event.detail = { type: { text: detail } };
        }
      }
    },
  };
}

function tidyManifest() {
  return {
    name: 'support-chat-tidy',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          if (!declaration.customElement) continue;
          if (declaration.events) declaration.events = declaration.events.filter((event) => event.name?.startsWith('support-'));
          declaration.members = (declaration.members ?? []).map((member) =>
            member.name === 'open' && member.kind === 'field'
              ? {
                  kind: 'method',
                  name: 'open',
                  description: 'Opens the panel and fires `support-chat-open` (no event when it was open already). `prefill` puts text in the composer. Assigning a boolean sets `opened`.',
                  parameters: [{ name: 'options', optional: true, type: { text: '{ prefill?: string }' } }],
                  return: { type: { text: 'Promise<void>' } },
                }
              : member,
          );
          if (declaration.tagName === 'support-chat') {
            const options = optionMembers();
            const names = new Set(options.map((option) => option.field.name));
            declaration.members = [...options.map((option) => option.field), ...declaration.members.filter((member) => !names.has(member.name))];
            declaration.attributes = [...options.map((option) => option.attribute), ...(declaration.attributes ?? []).filter((attribute) => !names.has(attribute.fieldName))];
          }
        }
      }
    },
  };
}

export default {
  globs: ['src/support-chat.ts', 'src/inbox/support-inbox.ts', 'src/events.ts'],
  litelement: true,
  // package.json names the manifest itself; the analyzer would rewrite that path to whatever
  // --outdir a run used (the staleness test writes to a temporary folder).
  packagejson: false,
  plugins: [tidyManifest(), eventDetails()],
};
