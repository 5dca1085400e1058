import { z } from 'zod';
import { LIMITS } from '../src/protocol.js';
import { channelKey, clientId, notBlank } from './validation.js';

/** Request schemas of the live visitors view (§12): the agent API, and the page a widget reports. Objects are strict. */

/** How many visitors one page of `GET /visitors/online` lists at most. */
export const ONLINE_PAGE_MAX = 200;

export const onlineVisitorsQuerySchema = z.strictObject({
  channel: channelKey.optional(),
  limit: z.coerce.number().int().min(1).max(ONLINE_PAGE_MAX).default(100),
});

export const startVisitorConversationSchema = z.strictObject({ text: notBlank(LIMITS.messageText), clientId });

/** The visitor id in `/visitors/:id/…` (a bad one is 400 naming `id`). */
export const visitorIdSchema = z.strictObject({ id: z.string().min(1).max(64).regex(/^[\w-]+$/, 'a visitor id (v_…)') });

/**
 * The page a widget says it is on (`auth.page` at connect, the `page` event after): an http(s)
 * URL and the document's title, both cut by the widget to these lengths.
 */
export const PAGE_URL_MAX = 2000;
export const PAGE_TITLE_MAX = 200;
export const widgetPageSchema = z.strictObject({
  url: z.string().max(PAGE_URL_MAX).regex(/^https?:\/\/\S+$/, 'an http(s) URL').optional(),
  title: z.string().max(PAGE_TITLE_MAX).optional(),
});
