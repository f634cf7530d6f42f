import { AsyncLocalStorage } from 'node:async_hooks';

interface RequestContextStore {
  requestId: string;
  /** A queue job run on behalf of the request that caused it, in the worker: no caller is waiting for it. */
  inJob: boolean;
}

const storage = new AsyncLocalStorage<RequestContextStore>();

/**
 * The request id of the HTTP request being served (or of the request whose change a job carries out), for the audit
 * trail and outbox rows, without threading it through every service signature.
 */
export const RequestContext = {
  run<T>(requestId: string, work: () => T): T {
    return storage.run({ requestId, inJob: false }, work);
  },
  /** Runs a job under the request id of the change that enqueued it: audit lines and further outbox rows keep it. */
  runJob<T>(requestId: string, work: () => T): T {
    return storage.run({ requestId, inJob: true }, work);
  },
  requestId(): string | null {
    return storage.getStore()?.requestId ?? null;
  },
  /** True while an HTTP request is being answered (a caller is waiting), false in jobs and background loops. */
  servingRequest(): boolean {
    const store = storage.getStore();
    return store !== undefined && !store.inJob;
  },
};
