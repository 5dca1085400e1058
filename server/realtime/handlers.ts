import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Ack, ErrorBody } from '../../src/protocol.js';
import { ServiceError } from '../errors.js';
import { parse } from '../validation.js';

/** The error a socket acknowledgement carries: the same body REST would answer with. */
export function errorBody(error: unknown, logger: Logger): ErrorBody {
  if (error instanceof ServiceError) return error.toBody();
  logger.error({ err: error }, 'socket handler failed');
  return { code: 'internal', message: 'internal error' };
}

/**
 * One socket event handler in the house's four steps: validate the payload with `schema`,
 * call the service, then ack `{data}` or `{error}`. Broadcasting is left to the event bus.
 * An event sent without an acknowledgement callback is still carried out.
 */
export function acked<Schema extends z.ZodType, Result>(
  logger: Logger,
  schema: Schema,
  run: (request: z.output<Schema>) => Promise<Result>,
) {
  return async (payload: unknown, ack?: unknown): Promise<void> => {
    const reply = typeof ack === 'function' ? (ack as (result: Ack<Result>) => void) : () => {};
    try {
      reply({ data: await run(parse(schema, payload)) });
    } catch (error) {
      reply({ error: errorBody(error, logger) });
    }
  };
}

/** A `connect_error` whose `data` carries the code, as Socket.IO passes it to the client. */
export function connectError(error: unknown, logger: Logger): Error & { data: ErrorBody } {
  const body = errorBody(error, logger);
  return Object.assign(new Error(body.message), { data: body });
}
