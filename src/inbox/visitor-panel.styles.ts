import { css } from 'lit';

/** The visitor panel beside the conversation: who the visitor is and their conversations. */
export const visitorPanelStyles = css`
  .visitor-panel {
    border-left: 1px solid #e6e8eb;
    padding: 16px;
    overflow-y: auto;
    font-size: 14px;
  }
  .visitor-panel h2 {
    font-size: 17px;
    margin: 0 0 4px;
    overflow-wrap: anywhere;
  }
  .visitor-panel h3 {
    font-size: 13px;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: #5c6370;
    margin: 18px 0 6px;
  }
  .visitor-panel dl {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 4px 10px;
    margin: 12px 0 0;
  }
  .visitor-panel dt {
    color: #5c6370;
  }
  .visitor-panel dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .identity {
    margin: 0;
    color: #5c6370;
  }
  .identity.verified {
    color: #067647;
    font-weight: 600;
  }
  .history {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 4px;
  }
  .history button {
    width: 100%;
    text-align: start;
    display: grid;
    gap: 2px;
    border: 1px solid #e6e8eb;
    border-radius: 8px;
    background: #fff;
    padding: 6px 8px;
    font-size: 13px;
  }
  .history button[aria-current='true'] {
    border-color: var(--support-inbox-primary);
  }
  .history .conversation-status {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 6px;
  }
  .history .status {
    font-weight: 600;
  }
  .history .status.open {
    color: #067647;
  }
  .history .status.closed,
  .history .time {
    color: #5c6370;
  }
  .history .default {
    border: 1px solid #c4c9d0;
    border-radius: 999px;
    padding: 0 6px;
    font-size: 12px;
  }
  .history .subject {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .history .preview {
    color: #5c6370;
    overflow: hidden;
    white-space: nowrap;
    text-overflow: ellipsis;
  }
`;
