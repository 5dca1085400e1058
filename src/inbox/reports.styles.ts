import { css } from 'lit';
import { inboxHostStyles } from './inbox-host.styles.js';

export const styles = css`
  ${inboxHostStyles}
  /* The layout follows the room the inbox gives this screen, not the viewport. */
  .reports {
    container: reports / inline-size;
    padding: 16px 20px 24px;
  }
  .heading {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 12px;
    margin-bottom: 12px;
  }
  h2 {
    margin: 0;
    font-size: 20px;
  }
  h3 {
    margin: 0;
    font-size: 14px;
    font-weight: 600;
    color: #5c6370;
  }
  .pickers {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: 12px 16px;
  }
  label {
    display: grid;
    gap: 4px;
    font-size: 13px;
    color: #5c6370;
  }
  select,
  input {
    font: inherit;
    color: #1f2329;
    padding: 6px 10px;
    border: 1px solid #c4c9d0;
    border-radius: 8px;
    background: #fff;
  }
  .secondary {
    font: inherit;
    cursor: pointer;
    background: #fff;
    color: #1d4ed8;
    border: 1px solid #1d4ed8;
    border-radius: 8px;
    padding: 7px 14px;
  }
  .secondary:disabled {
    color: #6b7280;
    border-color: #c4c9d0;
    cursor: default;
  }
  button:focus-visible,
  select:focus-visible,
  input:focus-visible {
    outline: 3px solid #1d4ed8;
    outline-offset: 2px;
  }
  .error {
    color: #b42318;
    margin: 12px 0 0;
  }
  .period {
    margin: 10px 0 16px;
    min-height: 1.3em;
    font-size: 13px;
    color: #5c6370;
  }
  .cards {
    list-style: none;
    margin: 0 0 20px;
    padding: 0;
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(190px, 1fr));
    gap: 12px;
  }
  .card {
    border: 1px solid #e6e8eb;
    border-radius: 12px;
    padding: 14px 16px;
    display: grid;
    gap: 4px;
    align-content: start;
  }
  .figure {
    margin: 0;
    font-size: 26px;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .detail {
    margin: 0;
    font-size: 13px;
    color: #5c6370;
  }
  .charts {
    display: grid;
    gap: 16px;
  }
  @container reports (min-width: 900px) {
    .charts {
      grid-template-columns: 1fr 1fr;
    }
  }
  .chart {
    border: 1px solid #e6e8eb;
    border-radius: 12px;
    padding: 14px 16px 10px;
  }
  .chart .detail {
    margin-top: 2px;
  }
  .bars {
    display: grid;
    grid-template-columns: repeat(var(--bars), minmax(0, 1fr));
    align-items: end;
    gap: 3px;
    height: 160px;
    margin-top: 12px;
    padding-bottom: 20px;
    border-bottom: 1px solid #e6e8eb;
  }
  .bar {
    position: relative;
    height: 100%;
    display: flex;
    align-items: flex-end;
  }
  .fill {
    display: block;
    width: 100%;
    min-height: 2px;
    border-radius: 4px 4px 0 0;
    background: var(--support-inbox-primary);
  }
  .tick {
    position: absolute;
    bottom: -20px;
    left: 50%;
    transform: translateX(-50%);
    font-size: 11px;
    color: #5c6370;
    white-space: nowrap;
  }
`;
