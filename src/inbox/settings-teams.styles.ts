import { css } from 'lit';

/** The teams section of the settings screen; the form controls share the screen's styles. */
export const teamStyles = css`
  .teams {
    display: grid;
    gap: 12px;
    margin-top: 24px;
    min-width: 0;
  }
  .teams h4 {
    margin: 0;
    font-size: 15px;
  }
  .team-list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 12px;
  }
  .team-form,
  .capacity-form {
    padding: 12px 16px 16px;
    border: 1px solid #e6e8eb;
    border-radius: 10px;
    gap: 12px;
  }
  .team-new {
    border-style: dashed;
  }
  .team-head {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    align-items: center;
    gap: 8px;
  }
  .team-badges {
    display: flex;
    gap: 6px;
  }
  .badge {
    font-size: 12px;
    padding: 2px 8px;
    border-radius: 999px;
    background: #eef2ff;
    color: #1e3a8a;
  }
  .members {
    display: flex;
    flex-wrap: wrap;
    gap: 8px 16px;
  }
  .members .member {
    display: flex;
    align-items: center;
    gap: 6px;
  }
  .capacity-list {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(160px, 1fr));
    gap: 12px;
  }
`;
