import { SupportChat } from './support-chat.js';

// The tag map entry for `support-chat` is declared beside the class (support-chat.ts), so it
// exists for every import of the element, not only this one.
if (!customElements.get('support-chat')) customElements.define('support-chat', SupportChat);

export { SupportChat };
