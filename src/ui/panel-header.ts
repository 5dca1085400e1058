import { css, html, nothing, svg } from 'lit';
import { format } from '../i18n/en.js';
import { closeIcon, icon } from './icons.js';
import type { PanelActions, PanelView } from './panel-view.js';

// Here rather than in icons.ts, which loads with the element: only the panel draws them.
/** Two speech bubbles: the visitor's conversations. */
const conversationsIcon = icon(
  svg`<path d="M14 9a5 5 0 0 1-7.3 4.4L3 14l.8-3.2A5 5 0 1 1 14 9z"/><path d="M10.5 16.6A5 5 0 0 0 17.3 18l3.7.9-.8-3.2a5 5 0 0 0-3.4-7"/>`,
);
/** A question mark in a circle: the channel's help articles. */
const helpIcon = icon(svg`<circle cx="12" cy="12" r="9"/><path d="M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.6V14M12 17.5v.01"/>`);
/** An arrow pointing back (mirrored in right-to-left layouts by the panel's styles). */
const backIcon = icon(svg`<path d="M19 12H5M11 6l-6 6 6 6"/>`);

/** How the header reports what the visitor does (the panel's `panel-action`). */
export type Emit = <K extends keyof PanelActions>(action: K, value: PanelActions[K]) => void;

/**
 * The panel's title bar: the way to the visitor's conversations (with the unread count of the
 * others) or, on the list, the way back to the thread; the title and the team's status; the
 * close button. `onListIntent` fetches the list's chunk ahead of a click.
 */
export function renderHeader(view: PanelView, emit: Emit, onListIntent: () => void, onHelpIntent: () => void) {
  const t = view.strings;
  const help = !!view.help;
  const list = view.screen === 'list' && !help;
  const back = view.help?.slug ? t.back : t.backToChat;
  const unread = view.unreadElsewhere;
  return html`<div part="header" class="header">
    ${
      list || help
        ? html`<button part="back-button" class="nav back" type="button" aria-label=${back} title=${back} @click=${() => emit('back', null)}>
            ${backIcon}
          </button>`
        : view.listable
          ? html`<button
              part="conversations-button"
              class="nav"
              type="button"
              aria-label=${unread ? `${t.conversations}, ${format(t.unread, { count: unread })}` : t.conversations}
              title=${t.conversations}
              @pointerenter=${onListIntent}
              @focus=${onListIntent}
              @click=${() => emit('show-conversations', null)}
            >
              ${conversationsIcon}${unread ? html`<span class="nav-badge" aria-hidden="true">${unread}</span>` : nothing}
            </button>`
          : nothing
    }
    <div class="titles">
      <h2 id="title" dir="auto">${help ? t.help : list ? t.conversations : view.heading || t.title}</h2>
      <p class="subtitle">
        ${view.online === null ? nothing : html`<span class="dot ${view.online ? 'online' : ''}"></span>`}
        <span dir="auto">${statusLine(view)}</span>
      </p>
    </div>
    ${
      view.helpSource && !help
        ? html`<button part="help-button" class="nav help" type="button" aria-label=${t.help} title=${t.help} @pointerenter=${onHelpIntent} @focus=${onHelpIntent} @click=${() => emit('show-help', null)}>
            ${helpIcon}
          </button>`
        : nothing
    }
    ${
      view.closable
        ? html`<button part="close-button" class="close" type="button" aria-label=${t.closeChat} @click=${() => emit('close', null)}>${closeIcon}</button>`
        : nothing
    }
  </div>`;
}

function statusLine(view: PanelView): string {
  const t = view.strings;
  if (view.state === 'idle' || view.state === 'connecting') return t.connecting;
  if (view.state === 'offline') return t.reconnecting;
  return view.subtitle || (view.online === false ? t.away : t.online);
}

/** The header's list and back buttons (the rest of the header is styled with the panel). */
export const headerStyles = css`
  .nav {
    position: relative;
    width: 40px;
    height: 40px;
    margin-inline: -8px 4px;
    border-radius: 8px;
    display: grid;
    place-items: center;
    flex: none;
  }
  .nav svg {
    width: 24px;
    height: 24px;
  }
  :host(:dir(rtl)) .back svg {
    transform: scaleX(-1);
  }
  .nav-badge {
    position: absolute;
    inset-block-start: -4px;
    inset-inline-end: -8px;
    min-width: 18px;
    height: 18px;
    padding: 0 5px;
    border-radius: 9px;
    font-size: 11px;
    font-weight: 700;
    line-height: 18px;
    background: #d92d20;
    color: #fff;
  }
  .help {
    margin-inline: 0;
  }
  .nav:hover {
    background: rgb(255 255 255 / 0.15);
  }
`;
