import { css } from 'lit';

/** The help articles of the settings screen: the list, the form beside its preview, the rendered tree. */
export const articleStyles = css`
  .articles {
    display: grid;
    gap: 12px;
    margin-top: 24px;
    min-width: 0;
  }
  .article-list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 8px;
  }
  .article-list > li {
    flex-wrap: wrap;
  }
  .article-list > li > div:first-child {
    min-width: 0;
  }
  .article-name {
    margin: 0;
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .article-list .hint {
    overflow-wrap: anywhere;
  }
  .badge {
    display: inline-block;
    padding: 0 6px;
    border-radius: 6px;
    font-size: 12px;
    font-weight: 600;
    background: #f2f3f5;
    color: #3d434d;
  }
  .badge.published {
    background: #e8f7ee;
    color: #0b6b34;
  }
  h4 {
    margin: 0;
    font-size: 15px;
  }
  /* Narrow: the preview under the form. Wide: beside it. */
  .article-editor {
    display: grid;
    gap: 24px;
    align-items: start;
  }
  @container settings (min-width: 900px) {
    .article-editor {
      grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
    }
    .article-preview {
      position: sticky;
      top: 16px;
    }
  }
  .article-row {
    display: grid;
    align-items: start;
    gap: 12px;
    grid-template-columns: repeat(auto-fit, minmax(160px, 1fr));
  }
  .article-form textarea {
    font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
    font-size: 13px;
  }
  .article-preview {
    display: grid;
    gap: 8px;
    min-width: 0;
    padding: 12px 16px;
    border: 1px solid #e6e8eb;
    border-radius: 10px;
  }
  .article-preview[aria-busy='true'] .article-body {
    opacity: 0.7;
  }
  .article-body {
    min-width: 0;
    overflow-wrap: anywhere;
    line-height: 1.5;
  }
  .article-title {
    margin: 0 0 8px;
    font-size: 20px;
    font-weight: 700;
  }
  .article-body h4,
  .article-body h5,
  .article-body h6 {
    margin: 16px 0 4px;
  }
  .article-body h4 {
    font-size: 18px;
  }
  .article-body h5 {
    font-size: 16px;
  }
  .article-body h6 {
    font-size: 15px;
  }
  .article-body pre {
    background: #f5f6f7;
    padding: 10px;
    border-radius: 6px;
    overflow: auto;
  }
  .article-body blockquote {
    margin: 0;
    padding-left: 12px;
    border-left: 4px solid #e6e8eb;
    color: #3d434d;
  }
  .article-body img {
    max-width: 100%;
    height: auto;
  }
  .article-body a {
    color: #1d39c4;
  }
`;
