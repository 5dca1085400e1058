import { css } from 'lit';

/** AI conversations in the inbox: the outcome badges, AI answers with their sources and feedback, system messages. */
export const aiOutcomeStyles = css`
  .ai-badge {
    display: inline-block;
    font-size: 12px;
    font-weight: 600;
    border-radius: 999px;
    padding: 1px 8px;
    background: #ebe9fe;
    color: #3e1c96;
    justify-self: start;
    white-space: nowrap;
  }
  .ai-badge.handoff {
    background: #fef0c7;
    color: #7a2e0e;
  }
  .ai-badge.resolved {
    background: #dcfae6;
    color: #085d3a;
  }
  .thread-bar .ai-badge {
    margin-inline-start: 8px;
  }
  .list .badges {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }
  .message.bot.ai {
    background: #f4f3ff;
    color: #1f2329;
    border: 1px solid #d9d6fe;
  }
  .ai-tag {
    margin-inline-start: 6px;
    font-size: 11px;
    border-radius: 4px;
    padding: 0 4px;
    background: #5925dc;
    color: #fff;
  }
  .sources {
    margin-top: 6px;
    font-size: 13px;
  }
  .sources ul {
    margin: 2px 0 0;
    padding-inline-start: 18px;
  }
  .sources a {
    color: #1d4ed8;
  }
  .feedback {
    display: inline-block;
    margin-top: 6px;
    font-size: 12px;
    font-weight: 600;
    border-radius: 999px;
    padding: 1px 8px;
  }
  .feedback.helpful {
    background: #dcfae6;
    color: #085d3a;
  }
  .feedback.unhelpful {
    background: #fee4e2;
    color: #912018;
  }
  /* A handoff, an AI failure: what changed for the whole conversation, across the thread. */
  .message.system {
    align-self: stretch;
    max-width: none;
    text-align: center;
    background: #fffaeb;
    border: 1px solid #fedf89;
    color: #7a2e0e;
    font-size: 14px;
  }
  .filters:has(+ .handled-filters) {
    border-bottom: none;
  }
  .handled-filters {
    padding-top: 0;
  }
`;
