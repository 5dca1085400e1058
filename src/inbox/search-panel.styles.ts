import { css } from 'lit';

/** The search field and its hits (inside `<support-inbox-search>`), in the inbox's visual language. */
export const searchPanelStyles = css`
  :host {
    display: block;
    border-bottom: 1px solid #e6e8eb;
  }
  :host([active]) {
    display: flex;
    flex-direction: column;
    flex: 1;
    min-height: 0;
    border-bottom: none;
  }
  * {
    box-sizing: border-box;
  }
  button {
    font: inherit;
    cursor: pointer;
  }
  .field {
    position: relative;
    padding: 8px;
  }
  input {
    width: 100%;
    font: inherit;
    font-size: 14px;
    padding: 7px 32px 7px 12px;
    border: 1px solid #c4c9d0;
    border-radius: 8px;
    background: #f7f8fa;
  }
  input:focus {
    background: #fff;
    outline: 3px solid #1d4ed8;
    outline-offset: 0;
  }
  input::-webkit-search-cancel-button {
    display: none;
  }
  .clear {
    position: absolute;
    right: 14px;
    top: 50%;
    transform: translateY(-50%);
    border: none;
    background: none;
    font-size: 18px;
    line-height: 1;
    color: #5c6370;
    padding: 2px 6px;
  }
  .results {
    display: flex;
    flex-direction: column;
    flex: 1;
    min-height: 0;
    border-top: 1px solid #e6e8eb;
  }
  .count {
    margin: 0;
    padding: 6px 16px;
    font-size: 12px;
    color: #5c6370;
    background: #f7f8fa;
    border-bottom: 1px solid #e6e8eb;
  }
  .hits {
    flex: 0 1 auto;
    overflow-y: auto;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .hit {
    width: 100%;
    text-align: start;
    background: none;
    border: none;
    border-bottom: 1px solid #f0f2f5;
    padding: 10px 16px;
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 3px 8px;
    color: inherit;
  }
  .hit:hover {
    background: #f7f8fa;
  }
  .hit[aria-current='true'] {
    background: #eef2ff;
    box-shadow: inset 3px 0 0 var(--support-inbox-primary, #2f54eb);
  }
  .hit:focus-visible,
  .more:focus-visible,
  .clear:focus-visible {
    outline: 3px solid #1d4ed8;
    outline-offset: -3px;
  }
  .who {
    font-weight: 600;
    font-size: 14px;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .when {
    font-size: 12px;
    color: #5c6370;
    white-space: nowrap;
  }
  .snippet {
    grid-column: 1 / -1;
    font-size: 13px;
    color: #3b4048;
    line-height: 1.4;
    overflow-wrap: anywhere;
  }
  .hit.visitor .snippet,
  .hit.conversation .snippet {
    color: #5c6370;
  }
  .by {
    margin-inline-end: 0.3em;
    font-weight: 600;
    color: #5c6370;
  }
  mark {
    background: #fde68a;
    color: #1f2329;
    border-radius: 2px;
    padding: 0 1px;
  }
  .empty,
  .error {
    margin: 0;
    padding: 16px;
    font-size: 14px;
    color: #5c6370;
  }
  .error {
    color: #b42318;
  }
  .more {
    margin: 10px 16px;
    padding: 7px 12px;
    border: 1px solid #c4c9d0;
    border-radius: 8px;
    background: #fff;
    font-size: 13px;
  }
  .more[disabled] {
    cursor: progress;
    color: #5c6370;
  }
`;

/** In the inbox's own styles: while a search is active its hits stand in for the list and its filters. */
export const searchListStyles = css`
  nav:has(> support-inbox-search[active]) > :not(support-inbox-search) {
    display: none;
  }
`;
