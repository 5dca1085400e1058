import { css } from 'lit';

/** Teams in the inbox: the team filter, a conversation's team and queue place, the transfer dialog. */
export const teamsDeskStyles = css`
  .team-filter {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 8px 12px 0;
    font-size: 14px;
  }
  .team-place {
    font-size: 12px;
    padding: 1px 8px;
    border-radius: 999px;
    background: #eef2ff;
    color: #1e3a8a;
    justify-self: start;
  }
  dialog.transfer {
    width: min(440px, 92vw);
    border: 1px solid #e6e8eb;
    border-radius: 12px;
    padding: 20px;
  }
  dialog.transfer::backdrop {
    background: rgb(15 23 42 / 35%);
  }
  dialog.transfer h2 {
    margin: 0 0 12px;
    font-size: 18px;
  }
  dialog.transfer h3 {
    margin: 12px 0 6px;
    font-size: 14px;
    color: #5c6370;
  }
  .transfer-list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 6px;
  }
  .transfer-target {
    width: 100%;
    display: grid;
    text-align: start;
    gap: 2px;
    padding: 8px 12px;
    border: 1px solid #e6e8eb;
    border-radius: 8px;
    background: #fff;
  }
  .transfer-target:hover {
    border-color: var(--support-inbox-primary, #2f54eb);
  }
  .transfer-target .hint {
    font-size: 12px;
    color: #5c6370;
  }
  .transfer-none {
    margin: 0;
    font-size: 13px;
    color: #5c6370;
  }
  .transfer-status:not(:empty) {
    margin: 12px 0 0;
    font-size: 14px;
  }
  dialog.transfer form {
    margin-top: 12px;
    display: flex;
    justify-content: end;
  }
  dialog.transfer form button {
    padding: 8px 16px;
    border: 1px solid #c4c9d0;
    border-radius: 8px;
    background: #fff;
  }
`;
