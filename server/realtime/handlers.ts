import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Ack, ErrorBody } from '../../src/protocol.js';
import { ServiceError } from '../errors.js';
import type { RateLimits } from '../limits/rate-limits.js';
import { parse } from '../validation.js';

/** The error a socket acknowledgement carries: the same body REST would answer with. */
export function errorBody(error: unknown, logger: Logger): ErrorBody {
  if (error instanceof ServiceError) return error.toBody();
  logger.error({ err: error }, 'socket handler failed');
  return { code: 'internal', message: 'internal error' };
}

/** One event of a namespace, handled for whichever of its sockets sent it. */
export type EventHandler<Socket> = (socket: Socket, payload: unknown, ack: unknown) => Promise<void>;

/**
 * One socket event handler in the house's four steps: validate the payload with `schema`,
 * call the service, then ack `{data}` or `{error}`. Broadcasting is left to the event bus.
 * An event sent without an acknowledgement callback is still carried out.
 */
export function acked<Socket, Schema extends z.ZodType, Result>(
  logger: Logger,
  schema: Schema,
  run: (request: z.output<Schema>, socket: Socket) => Promise<Result>,
): EventHandler<Socket> {
  return async (socket, payload, ack) => {
    const reply = typeof ack === 'function' ? (ack as (result: Ack<Result>) => void) : () => {};
    try {
      reply({ data: await run(parse(schema, payload), socket) });
    } catch (error) {
      reply({ error: errorBody(error, logger) });
    }
  };
}

/**
 * `handler` behind the socket's own budget for `event` (`socketEvent`): beyond it the event is
 * refused with `rate_limited` and never reaches the service, so a loop cannot flood the store or
 * every agent. Counters live only while a socket uses them.
 */
export function budgeted<Socket extends { id: string }>(limits: RateLimits, event: string, logger: Logger, handler: EventHandler<Socket>): EventHandler<Socket> {
  return async (socket, payload, ack) => {
    try {
      await limits.consume('socketEvent', `${socket.id}/${event}`);
    } catch (error) {
      if (typeof ack === 'function') (ack as (result: Ack<never>) => void)({ error: errorBody(error, logger) });
      return;
    }
    await handler(socket, payload, ack);
  };
}

/**
 * Listens for a namespace's events on one socket through a table the namespace builds once. A
 * `socket.on(event, closure)` per event would give every idle socket its own closures and a larger
 * listener table (about 1.3 KB of heap for the widget's six); this is one listener. It is a
 * catch-all, so it runs before any `socket.use()` middleware (there are none) and ignores events
 * the table does not name, as `socket.on` would.
 */
export function listen<Socket extends { onAny(listener: (event: string, ...args: unknown[]) => void): unknown }>(
  socket: Socket,
  handlers: ReadonlyMap<string, EventHandler<Socket>>,
): void {
  socket.onAny((event: string, payload?: unknown, ack?: unknown) => void handlers.get(event)?.(socket, payload, ack));
}

/** A `connect_error` whose `data` carries the code, as Socket.IO passes it to the client. */
export function connectError(error: unknown, logger: Logger): Error & { data: ErrorBody } {
  const body = errorBody(error, logger);
  return Object.assign(new Error(body.message), { data: body });
}
