import { Router } from 'express';
import type { AgentClaims } from '../auth/tokens.js';
import type { Services } from '../services/index.js';
import { parse } from '../validation.js';
import { createNoteSchema, noteListSchema } from '../validation-notes.js';

/** Private notes under `/api/v1/agent` (mounted after the agent's authentication and idempotency keys). */
export function notesRouter(services: Services): Router {
  const router = Router();
  const agent = (res: { locals: Record<string, unknown> }) => res.locals.agent as AgentClaims;

  router.post('/conversations/:id/notes', async (req, res) => {
    const { note, created } = await services.notes.create(agent(res), req.params.id, parse(createNoteSchema, req.body));
    res.status(created ? 201 : 200).json(note);
  });

  router.get('/conversations/:id/notes', async (req, res) => {
    res.json(await services.notes.list(req.params.id, parse(noteListSchema, req.query)));
  });

  return router;
}
