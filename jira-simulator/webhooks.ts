// Webhook delivery as Jira Cloud does it: JSON POSTs signed with the webhook secret (X-Hub-Signature: sha256=<hex HMAC
// of the raw body>), one X-Atlassian-Webhook-Identifier per delivery kept across its retries, and retries with backoff
// on 408/409/425/429/5xx answers or connection failures. Other 4xx answers are final, as in Jira. First attempts leave
// in event order; retries run on their own timers and may overtake later deliveries, as they may in Jira.
import { createHmac, randomUUID } from 'node:crypto';
import type { FaultState } from './faults';

export interface WebhookTarget {
  url?: string;
  secret?: string;
}

export interface WebhookSettings {
  /** Attempts per delivery, the first included; default 5. */
  maxAttempts: number;
  /** First retry delay; doubles per retry, with seeded jitter of ±50 %. */
  retryBaseMs: number;
  /** Per-attempt timeout. */
  timeoutMs: number;
}

export type DeliveryOutcome = 'pending' | 'held' | 'delivered' | 'dropped' | 'failed';

export interface DeliveryAttempt {
  at: number;
  status?: number;
  error?: string;
}

export interface DeliveryRecord {
  identifier: string;
  webhookEvent: string;
  issueKey?: string;
  outcome: DeliveryOutcome;
  attempts: DeliveryAttempt[];
  duplicated: boolean;
  payload: Record<string, unknown>;
}

export interface WebhookStats {
  enqueued: number;
  attempts: number;
  delivered: number;
  retries: number;
  failed: number;
  dropped: number;
  duplicated: number;
  reordered: number;
}

const RETRYABLE = new Set([408, 409, 425, 429]);

export function signWebhookBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export class WebhookDispatcher {
  private records: DeliveryRecord[] = [];
  private held: DeliveryRecord[] = [];
  private chain: Promise<void> = Promise.resolve();
  private readonly inflight = new Set<Promise<void>>();
  private aborter = new AbortController();
  stats: WebhookStats = emptyStats();

  constructor(
    private target: WebhookTarget,
    private readonly settings: WebhookSettings,
    private readonly faults: FaultState,
  ) {}

  configure(target: WebhookTarget): void {
    this.target = { ...this.target, ...target };
  }

  get url(): string | undefined {
    return this.target.url;
  }

  enqueue(payload: Record<string, unknown>): void {
    if (!this.target.url) return;
    const issue = payload.issue as { key?: string } | undefined;
    const record: DeliveryRecord = {
      identifier: randomUUID(),
      webhookEvent: String(payload.webhookEvent),
      issueKey: issue?.key,
      outcome: 'pending',
      attempts: [],
      duplicated: false,
      // Frozen now: the issue keeps changing while a delivery waits for its retries.
      payload: structuredClone(payload),
    };
    this.records.push(record);
    this.stats.enqueued++;
    if (this.faults.takeDrop()) {
      record.outcome = 'dropped';
      this.stats.dropped++;
      return;
    }
    record.duplicated = this.faults.takeDuplicate();
    if (record.duplicated) this.stats.duplicated++;
    const batch = this.faults.reorderBatch();
    if (batch > 1) {
      record.outcome = 'held';
      this.held.push(record);
      if (this.held.length >= batch) this.flush();
      return;
    }
    this.send([record]);
  }

  /** Releases held (reordered) deliveries, newest first. */
  flush(): void {
    if (this.held.length === 0) return;
    const released = this.held.reverse();
    this.held = [];
    this.stats.reordered += released.length;
    for (const record of released) record.outcome = 'pending';
    this.send(released);
  }

  /** Resolves once nothing is being sent or waiting for a retry (held deliveries excepted). */
  async settle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  deliveries(): DeliveryRecord[] {
    return this.records.map((record) => structuredClone(record));
  }

  /** Forgets every delivery and cancels pending retries. */
  reset(): void {
    this.aborter.abort();
    this.aborter = new AbortController();
    this.records = [];
    this.held = [];
    this.chain = Promise.resolve();
    this.stats = emptyStats();
  }

  async close(): Promise<void> {
    this.aborter.abort();
    await this.settle();
  }

  private send(records: DeliveryRecord[]): void {
    const signal = this.aborter.signal;
    const work = this.chain.then(async () => {
      for (const record of records) {
        const copies = record.duplicated ? 2 : 1;
        for (let copy = 0; copy < copies && !signal.aborted; copy++) {
          const retrying = await this.attempt(record, 1, signal);
          if (retrying) this.track(this.retry(record, signal));
        }
      }
    });
    this.chain = work;
    this.track(work);
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch(() => undefined).finally(() => this.inflight.delete(tracked));
    this.inflight.add(tracked);
  }

  private async retry(record: DeliveryRecord, signal: AbortSignal): Promise<void> {
    for (let attempt = 2; attempt <= this.settings.maxAttempts; attempt++) {
      const delay = this.settings.retryBaseMs * 2 ** (attempt - 2) * (0.5 + this.faults.jitter());
      if (!(await sleep(delay, signal))) return;
      this.stats.retries++;
      if (!(await this.attempt(record, attempt, signal))) return;
    }
  }

  /** One POST; answers whether the delivery should be retried. */
  private async attempt(record: DeliveryRecord, attempt: number, signal: AbortSignal): Promise<boolean> {
    const url = this.target.url;
    if (!url || signal.aborted) return false;
    const body = JSON.stringify(record.payload);
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=UTF-8',
      'user-agent': 'Atlassian Webhook HTTP Client',
      'x-atlassian-webhook-identifier': record.identifier,
      'x-atlassian-webhook-flow': 'Primary',
    };
    if (attempt > 1) headers['x-atlassian-webhook-retry'] = String(attempt - 1);
    if (this.target.secret) headers['x-hub-signature'] = signWebhookBody(body, this.target.secret);
    const entry: DeliveryAttempt = { at: Date.now() };
    record.attempts.push(entry);
    this.stats.attempts++;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.any([signal, AbortSignal.timeout(this.settings.timeoutMs)]),
      });
      await response.arrayBuffer().catch(() => undefined);
      entry.status = response.status;
      if (response.ok) {
        if (record.outcome !== 'delivered') this.stats.delivered++;
        record.outcome = 'delivered';
        return false;
      }
      if (RETRYABLE.has(response.status) || response.status >= 500) return attempt < this.settings.maxAttempts || this.giveUp(record);
    } catch (error) {
      entry.error = error instanceof Error ? error.message : String(error);
      if (signal.aborted) return false;
      return attempt < this.settings.maxAttempts || this.giveUp(record);
    }
    return this.giveUp(record);
  }

  private giveUp(record: DeliveryRecord): false {
    if (record.outcome !== 'delivered') {
      record.outcome = 'failed';
      this.stats.failed++;
    }
    return false;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function emptyStats(): WebhookStats {
  return { enqueued: 0, attempts: 0, delivered: 0, retries: 0, failed: 0, dropped: 0, duplicated: 0, reordered: 0 };
}
