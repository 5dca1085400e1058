import { css } from 'lit';

/** The help screen: search, article list, an article, and the way back to the chat. */
export const helpStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    flex: 1;
    min-height: 0;
    background: var(--sc-surface);
    color: var(--sc-text);
  }
  button:focus-visible,
  input:focus-visible,
  a:focus-visible,
  pre:focus-visible,
  h3:focus-visible {
    outline: 3px solid var(--sc-focus);
    outline-offset: 2px;
  }
  .scroll {
    flex: 1;
    overflow-y: auto;
    overscroll-behavior: contain;
    padding: 12px 16px;
  }
  .search input {
    width: 100%;
    font: inherit;
    padding: 9px 12px;
    border-radius: 10px;
    border: 1px solid var(--sc-border-strong);
    background: var(--sc-surface);
    color: var(--sc-text);
  }
  .label {
    margin: 16px 0 4px;
    font-size: 13px;
    font-weight: 600;
    color: var(--sc-muted);
  }
  .articles {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .item {
    display: flex;
    flex-direction: column;
    gap: 2px;
    width: 100%;
    padding: 10px 4px;
    text-align: start;
    border-bottom: 1px solid var(--sc-border);
  }
  .item:hover {
    background: var(--sc-bubble);
  }
  .title {
    font-weight: 600;
  }
  .snippet,
  .updated,
  .empty {
    font-size: 13px;
    color: var(--sc-muted);
  }
  .empty {
    text-align: center;
    padding: 16px 0;
  }
  .article {
    line-height: 1.5;
    overflow-wrap: anywhere;
  }
  .article h3 {
    margin: 0;
    font-size: 18px;
  }
  .article h4,
  .article h5,
  .article h6 {
    margin: 16px 0 4px;
  }
  .article a {
    color: inherit;
    text-decoration: underline;
  }
  .article img {
    max-width: 100%;
    height: auto;
  }
  .article code {
    font-family: ui-monospace, monospace;
    font-size: 0.9em;
    padding: 1px 4px;
    border-radius: 4px;
    background: var(--sc-bubble);
  }
  .article pre {
    overflow-x: auto;
    padding: 8px 10px;
    border-radius: 8px;
    background: var(--sc-bubble);
  }
  .article pre code {
    padding: 0;
  }
  .article blockquote {
    margin: 8px 0;
    padding-inline-start: 12px;
    border-inline-start: 3px solid var(--sc-border-strong);
  }
  .footer {
    padding: 10px 12px;
    border-top: 1px solid var(--sc-border);
    text-align: center;
  }
  .footer p {
    margin: 0 0 6px;
    font-size: 13px;
    color: var(--sc-muted);
  }
  .chat {
    width: 100%;
    padding: 9px 12px;
    border-radius: 10px;
    font-weight: 600;
    background: var(--sc-primary);
    color: var(--sc-on-primary);
  }
  .chat:hover {
    background: var(--sc-accent);
  }
`;
