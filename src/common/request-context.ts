import { AsyncLocalStorage } from 'node:async_hooks';

interface RequestContextStore {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContextStore>();

/**
 * The request id of the HTTP request (or job) being served, for the audit trail and outbox rows, without threading
 * it through every service signature.
 */
export const RequestContext = {
  run<T>(requestId: string, work: () => T): T {
    return storage.run({ requestId }, work);
  },
  requestId(): string | null {
    return storage.getStore()?.requestId ?? null;
  },
};
