import type { Router } from 'express';
import type { Services } from '../services/index.js';
import { parse } from '../validation.js';
import { createTeamSchema, teamListSchema, transferSchema, updateTeamSchema } from '../validation-teams.js';

/** `/api/v1/admin/teams`: teams of agents per channel, and how each routes (DESIGN.md §12). */
export function adminTeamRoutes(router: Router, services: Services): void {
  router.get('/teams', async (req, res) => {
    res.json({ data: await services.teams.list(parse(teamListSchema, req.query).channel), hasMore: false });
  });
  router.post('/teams', async (req, res) => {
    res.status(201).json(await services.teams.create(parse(createTeamSchema, req.body)));
  });
  router.get('/teams/:id', async (req, res) => {
    res.json(await services.teams.get(req.params.id));
  });
  router.patch('/teams/:id', async (req, res) => {
    const patch = Object.fromEntries(Object.entries(parse(updateTeamSchema, req.body)).filter(([, value]) => value !== undefined));
    res.json(await services.teams.update(req.params.id, patch));
  });
  router.delete('/teams/:id', async (req, res) => {
    await services.teams.remove(req.params.id);
    res.status(204).end();
  });
}

/** The agent API's part: the teams (to transfer to, to filter by) and transfers. */
export function agentTeamRoutes(router: Router, services: Services): void {
  router.get('/teams', async (req, res) => {
    res.json({ data: await services.teams.list(parse(teamListSchema, req.query).channel), hasMore: false });
  });
  router.post('/conversations/:id/transfer', async (req, res) => {
    res.json(await services.teams.transfer(req.params.id, parse(transferSchema, req.body)));
  });
}
