import { parseColor } from '../config/colors.js';
import { SupportChatError } from '../client/errors.js';
import type { AdminChannel, AdminChannelSettings, ChannelPatch } from './admin-api.js';

/** The settings form as typed: the preview shows it before it is saved. */
export interface Draft extends AdminChannelSettings {
  name: string;
  /** One origin per line. */
  allowedOrigins: string;
}
export type TextField = { [K in keyof Draft]: Draft[K] extends string ? K : never }[keyof Draft];

export const LOGIN_MODES = [
  ['anonymous', 'Anonymous visitors', 'Anyone on an allowed site may chat without signing in.'],
  ['hmac', 'HMAC', 'The page passes externalUserId and userHash, an HMAC-SHA256 of it with the identity secret.'],
  ['assertion', 'Signed assertion', 'The page passes a short-lived JWT from your backend (recommended).'],
  ['direct', 'Direct (unverified)', 'The page passes externalUserId as is. Needs an origin allowlist.'],
] as const;

/** Controls are named by the API field they edit, so an error's `param` finds its control. */
export function controlName(field: keyof Draft): string {
  return field === 'name' || field === 'allowedOrigins' ? field : `settings.${field}`;
}

/** The form's field for a control name (`settings.greeting` → `greeting`). */
export function draftField(name: string): keyof Draft {
  return name.replace(/^settings\./, '') as keyof Draft;
}

/** A channel stored before a setting existed lacks it: the field shows blank until edited. */
export function toDraft({ name, allowedOrigins, settings }: AdminChannel): Draft {
  const text = (value: string | undefined) => value ?? '';
  return {
    name,
    allowedOrigins: allowedOrigins.join('\n'),
    primaryColor: text(settings.primaryColor),
    headerTitle: text(settings.headerTitle),
    headerSubtitle: text(settings.headerSubtitle),
    greeting: text(settings.greeting),
    offlineMessage: text(settings.offlineMessage),
    anonymous: Boolean(settings.anonymous),
    hmac: Boolean(settings.hmac),
    assertion: Boolean(settings.assertion),
    direct: Boolean(settings.direct),
  };
}

/**
 * Only the fields the admin changed since `saved`: the server merges them into what it holds,
 * so a setting edited meanwhile by someone else, or never shown here, is left as it is.
 */
export function toPatch(draft: Draft, saved: Draft): ChannelPatch {
  const patch: ChannelPatch = {};
  const settings: Record<string, unknown> = {};
  for (const field of Object.keys(draft) as Array<keyof Draft>) {
    if (draft[field] === saved[field]) continue;
    if (field === 'name') patch.name = draft.name;
    else if (field === 'allowedOrigins') patch.allowedOrigins = draft.allowedOrigins.split('\n').map((line) => line.trim()).filter(Boolean);
    else settings[field] = draft[field];
  }
  if (Object.keys(settings).length) patch.settings = settings as Partial<AdminChannelSettings>;
  return patch;
}

/** A color the widget shows as is (the server takes hex only); anything else is not previewed. */
export function previewable(color: string): boolean {
  return color.trim().startsWith('#') && parseColor(color) !== null;
}

/** The control a server error names: `allowedOrigins.1` is the allowlist, `settings.direct` its checkbox. */
export function controlFor(form: HTMLFormElement, param: string): HTMLElement | null {
  for (let path = param; path; path = path.slice(0, Math.max(0, path.lastIndexOf('.')))) {
    const control = form.elements.namedItem(path);
    if (control instanceof HTMLElement) return control;
  }
  return null;
}

/** A status line under a form: what the last action did, or the server's error. */
export interface Status {
  message: string;
  error: boolean;
}

/** The status an error shows (null when the request was aborted), and the field it names. */
export function failure(error: unknown): { status: Status; param: string | undefined } | null {
  if ((error as Error).name === 'AbortError') return null;
  return { status: { message: (error as Error).message, error: true }, param: error instanceof SupportChatError ? error.param : undefined };
}

/**
 * Shows a refused request: the server's message in the status line, and the control named by
 * its `param` marked (`set({ invalid })`) and focused once `host` has rendered the mark (a
 * fieldset gives the focus to its first input).
 */
export async function showFailure(
  error: unknown,
  form: HTMLFormElement | null,
  host: { updateComplete: Promise<unknown> },
  set: (patch: { status: Status; invalid: string }) => void,
): Promise<void> {
  const failed = failure(error);
  if (!failed) return;
  const control = form && failed.param ? controlFor(form, failed.param) : null;
  set({ status: failed.status, invalid: control?.getAttribute('name') ?? '' });
  await host.updateComplete;
  (control instanceof HTMLFieldSetElement ? control.querySelector('input') : control)?.focus();
}
