import { SupportChat } from './support-chat.js';

if (!customElements.get('support-chat')) customElements.define('support-chat', SupportChat);

export { SupportChat };
export type {} from './tag-name.js';
