import { context, propagation, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { RequestContext } from './request-context';

/**
 * What a change hands on to the work it causes later (an outbox row, the BullMQ job made from it): the W3C trace
 * context of the request, so the job's spans join the request's trace, and the request id, so its logs and audit
 * lines name the request. Both null when there was none (tracing off, a scheduled scan).
 */
export interface TraceOrigin {
  traceparent: string | null;
  requestId: string | null;
}

/** The one tracer of the service; a no-op until src/tracing.ts registers a provider (OTEL_ENABLED). */
const tracer = () => trace.getTracer('avvikelse');

/** The trace context and request id of the code running now, to store with what it enqueues. */
export function currentTraceOrigin(): TraceOrigin {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return { traceparent: carrier.traceparent ?? null, requestId: RequestContext.requestId() };
}

/**
 * Runs a queue job as a CONSUMER span whose parent is the span that wrote its outbox row (so one trace runs from the
 * HTTP request through the job), under the request id of that request.
 */
export function inJobSpan<T>(
  queue: string,
  job: { name: string; id?: string; attemptsMade: number; data: { origin?: TraceOrigin } },
  work: () => Promise<T>,
): Promise<T> {
  const origin = job.data.origin;
  const parent = origin?.traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent: origin.traceparent }) : ROOT_CONTEXT;
  const attributes = {
    'messaging.system': 'bullmq',
    'messaging.destination.name': queue,
    'messaging.operation.type': 'process',
    'messaging.message.id': job.id ?? '',
    'bullmq.job.name': job.name,
    'bullmq.job.attempts_made': job.attemptsMade,
  };
  const run = () =>
    tracer().startActiveSpan(`process ${queue} ${job.name}`, { kind: SpanKind.CONSUMER, attributes }, parent, (span) => ended(span, work));
  return origin?.requestId ? RequestContext.runJob(origin.requestId, run) : run();
}

/** Runs one call to another system (Jira) as a CLIENT span of the current trace. */
export function inClientSpan<T>(name: string, attributes: Record<string, string>, work: () => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(name, { kind: SpanKind.CLIENT, attributes }, (span) => ended(span, work));
}

async function ended<T>(span: Span, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    span.end();
  }
}
