import { ServiceError } from '../errors.js';
import type { Store } from '../store/store.js';

/** Whether this node can reach its database (a load balancer's health check): `unavailable` when not. */
export type HealthCheck = () => Promise<void>;

export function healthCheck(store: Store): HealthCheck {
  return async () => {
    try {
      await store.ping();
    } catch {
      throw new ServiceError('unavailable', 'the database does not answer');
    }
  };
}
