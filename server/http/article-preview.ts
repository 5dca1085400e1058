import type { Router } from 'express';
import { z } from 'zod';
import { parseArticle } from '../kb/markdown.js';
import { parse } from '../validation.js';
import { ARTICLE_MARKDOWN_MAX } from '../validation-kb.js';

export const articlePreviewSchema = z.strictObject({ markdown: z.string().max(ARTICLE_MARKDOWN_MAX) });

/**
 * `POST /api/v1/admin/articles/preview {markdown}` → `{body}`: the tree an article with this
 * Markdown would have, saved nowhere. The inbox's article editor shows it while the admin types.
 */
export function adminArticlePreviewRoute(router: Router): void {
  router.post('/articles/preview', (req, res) => {
    const { markdown } = parse(articlePreviewSchema, req.body);
    res.json({ body: parseArticle(markdown) });
  });
}
