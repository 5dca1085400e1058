import { css } from 'lit';

/** The webhooks section of the settings screen; the form controls share the screen's styles. */
export const webhookStyles = css`
  .webhooks {
    display: grid;
    gap: 12px;
    margin-top: 24px;
    min-width: 0;
  }
  h4 {
    margin: 0;
    font-size: 15px;
  }
  .webhook-list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 8px;
  }
  .webhook-list > li {
    display: grid;
    gap: 10px;
    padding: 10px 12px;
    border: 1px solid #e6e8eb;
    border-radius: 10px;
    min-width: 0;
  }
  .webhook-head {
    display: flex;
    justify-content: space-between;
    align-items: start;
    gap: 12px;
  }
  .webhook-head > div {
    min-width: 0;
  }
  .webhook-url {
    margin: 0;
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  label.inline {
    display: flex;
    align-items: center;
    gap: 6px;
  }
  .webhook-actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
  }
  .webhook-actions p {
    margin: 0;
    font-weight: 600;
  }
  .danger {
    background: #b42318;
    border-color: #b42318;
    color: #fff;
  }
  .secret {
    display: grid;
    gap: 4px;
    padding: 10px 12px;
    border-radius: 8px;
    background: #fffaeb;
  }
  .secret input {
    font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
    font-size: 13px;
  }
  .deliveries {
    display: grid;
    gap: 8px;
    min-width: 0;
  }
  .log-bar {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 12px;
  }
  .table-scroll {
    overflow-x: auto;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-size: 13px;
  }
  th,
  td {
    padding: 6px 8px;
    border-bottom: 1px solid #e6e8eb;
    text-align: left;
    white-space: nowrap;
  }
  td.result {
    white-space: normal;
    overflow-wrap: anywhere;
    min-width: 12ch;
  }
  .delivery-status {
    padding: 2px 8px;
    border-radius: 999px;
    background: #fef0c7;
    color: #7a2e0e;
  }
  .delivery-status.delivered {
    background: #dcfae6;
    color: #085d3a;
  }
  .delivery-status.failed {
    background: #fee4e2;
    color: #912018;
  }
  .webhook-form fieldset {
    display: flex;
    flex-wrap: wrap;
    gap: 8px 16px;
  }
`;
