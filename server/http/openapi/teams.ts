import { createTeamSchema, teamListSchema, transferSchema, updateTeamSchema } from '../../validation-teams.js';
import { admin } from './admin.js';
import { json, jsonBody, operation, pageOf, pathParameter, queryParameters, ref, type JsonSchema, type Operation } from './build.js';
import { object } from './schemas.js';

/** Teams and routing (DESIGN.md §12) in the OpenAPI description: the admin's CRUD, the agents' list and transfers. */

const string: JsonSchema = { type: 'string' };
const dateTime: JsonSchema = { type: 'string', format: 'date-time' };

export const teamSchemas: Record<string, JsonSchema> = {
  Team: object(
    {
      id: string,
      name: string,
      channel: { ...string, description: "The channel's key: the team takes this channel's conversations only." },
      agentIds: { type: 'array', items: string, description: 'Its members, in the order given.' },
      routing: { type: 'string', enum: ['round-robin', 'manual'], description: '`round-robin`: waiting conversations go to the next online member under their capacity; `manual`: agents pick them.' },
      inbound: { type: 'boolean', description: "New conversations of the channel, and AI handoffs, join this team (one team per channel at most)." },
      createdAt: dateTime,
      updatedAt: dateTime,
    },
    [],
    'A team of agents in one channel.',
  ),
  TeamPage: pageOf(ref('Team')),
};

const teamId = pathParameter('id', 'The team id (`tm_…`).');
const ROUTING_NOTE = 'A change that lets queued conversations move (members, routing, the inbound flag) routes them at once.';

/** `/api/v1/admin/teams`. */
export const teamAdminPaths: Record<string, Record<string, Operation>> = {
  '/api/v1/admin/teams': {
    get: admin({ id: 'listTeams', summary: 'All teams, oldest first', caller: 'admin', parameters: queryParameters(teamListSchema), ok: { 200: json('The teams.', ref('TeamPage')) } }),
    post: admin({
      id: 'createTeam',
      summary: 'Create a team',
      description: `Members are people (bots are never routed to). \`inbound: true\` takes the flag from the channel's other team. ${ROUTING_NOTE}`,
      caller: 'admin',
      body: jsonBody(createTeamSchema),
      ok: { 201: json('The new team.', ref('Team')) },
    }),
  },
  '/api/v1/admin/teams/{id}': {
    get: admin({ id: 'getTeam', summary: 'One team', caller: 'admin', parameters: [teamId], ok: { 200: json('The team.', ref('Team')) }, errors: ['not_found'] }),
    patch: admin({
      id: 'updateTeam',
      summary: 'Change a team',
      description: `What is left out stays; \`agentIds\` replaces the members (those kept keep their place in the rotation). A team stays in its channel. ${ROUTING_NOTE}`,
      caller: 'admin',
      parameters: [teamId],
      body: jsonBody(updateTeamSchema),
      ok: { 200: json('The team as changed.', ref('Team')) },
      errors: ['not_found'],
    }),
    delete: admin({
      id: 'deleteTeam',
      summary: 'Delete a team',
      description: 'Its conversations stay as they are, with no team.',
      caller: 'admin',
      parameters: [teamId],
      ok: { 204: { description: 'Deleted.' } },
      errors: ['not_found'],
    }),
  },
};

/** `/api/v1/agent/teams` and transfers. */
export const teamAgentPaths: Record<string, Record<string, Operation>> = {
  '/api/v1/agent/teams': {
    get: operation('agent', {
      id: 'listTeamsForAgents',
      summary: 'The teams (to transfer to, to filter the list by)',
      caller: 'agent',
      parameters: queryParameters(teamListSchema),
      ok: { 200: json('The teams.', ref('TeamPage')) },
    }),
  },
  '/api/v1/agent/conversations/{id}/transfer': {
    post: operation('agent', {
      id: 'transferConversation',
      summary: 'Transfer a conversation to an agent or a team',
      description:
        "`{agentId}`: assigned to that agent at once, whatever their load (a person chose), team kept. `{teamId}` (a team of the conversation's channel): unassigned and put at the back of the team's queue, then routed before this answers. An AI conversation is handed off first. Agents hear `conversation:updated`; the visitor sees only the assignee change.",
      caller: 'agent',
      parameters: [pathParameter('id', 'The conversation id (`cv_…`).')],
      body: jsonBody(transferSchema, 'Exactly one of `agentId` and `teamId`.'),
      ok: { 200: json('The conversation as agents see it, with its team and queue position.', ref('ConversationSummary')) },
      errors: ['not_found', 'conflict'],
    }),
  },
};
