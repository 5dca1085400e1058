import type { CannedReply, CannedReplyInput, Label, LabelInput, Page } from '../protocol.js';
import { Resource, segment } from './http.js';
import type { RequestOptions } from './types.js';

/**
 * Canned replies (`/api/v1/agent/canned`, an agent's token): the caller's personal ones and the
 * shared ones, which only admins create, change and delete.
 */
export class CannedReplies extends Resource {
  /** By shortcut; `q` keeps those whose shortcut or text holds it (any case). */
  list(query: { q?: string; limit?: number } = {}): Promise<Page<CannedReply>> {
    return this.http.call('GET', '/agent/canned', { query });
  }

  /** Personal unless `shared` (admins only). */
  create(reply: CannedReplyInput, options: RequestOptions = {}): Promise<CannedReply> {
    return this.http.call('POST', '/agent/canned', { ...options, body: reply });
  }

  update(id: string, patch: Partial<Pick<CannedReplyInput, 'shortcut' | 'text'>>): Promise<CannedReply> {
    return this.http.call('PATCH', `/agent/canned/${segment(id)}`, { body: patch });
  }

  async delete(id: string): Promise<void> {
    await this.http.call('DELETE', `/agent/canned/${segment(id)}`);
  }
}

/**
 * Label definitions. `list()` is the agent API's (any agent's or bot's token); the changes and
 * `adminList()` are the admin API's (`ADMIN_TOKEN` or an admin agent). Conversations are
 * labelled with `conversations.setLabels(id, names)`.
 */
export class Labels extends Resource {
  /** By name: what agents may apply, with each label's color. */
  list(): Promise<Page<Label>> {
    return this.http.call('GET', '/agent/labels');
  }

  /** The same list through the admin API (for the `ADMIN_TOKEN`). */
  adminList(): Promise<Page<Label>> {
    return this.http.call('GET', '/admin/labels');
  }

  /** A name unique regardless of case; a color `#rrggbb`. */
  create(label: LabelInput, options: RequestOptions = {}): Promise<Label> {
    return this.http.call('POST', '/admin/labels', { ...options, body: label });
  }

  /** A rename shows on every conversation carrying the label. */
  update(id: string, patch: Partial<LabelInput>): Promise<Label> {
    return this.http.call('PATCH', `/admin/labels/${segment(id)}`, { body: patch });
  }

  /** Also takes it off every conversation. */
  async delete(id: string): Promise<void> {
    await this.http.call('DELETE', `/admin/labels/${segment(id)}`);
  }
}
