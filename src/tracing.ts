/* eslint-disable @typescript-eslint/no-require-imports -- the SDK is required only when tracing is on, see startTracing */
import { context, propagation, trace } from '@opentelemetry/api';
import type * as ContextHooks from '@opentelemetry/context-async-hooks';
import type * as Core from '@opentelemetry/core';
import type * as OtlpHttp from '@opentelemetry/exporter-trace-otlp-http';
import type * as Instrumentation from '@opentelemetry/instrumentation';
import type * as HttpInstrumentationModule from '@opentelemetry/instrumentation-http';
import type * as IORedisInstrumentationModule from '@opentelemetry/instrumentation-ioredis';
import type * as PgInstrumentationModule from '@opentelemetry/instrumentation-pg';
import type * as Resources from '@opentelemetry/resources';
import type * as SdkTrace from '@opentelemetry/sdk-trace';
import type { SpanExporter, TracerProvider } from '@opentelemetry/sdk-trace';
import type * as SemanticConventions from '@opentelemetry/semantic-conventions';
import { loadConfig } from './config/load-config';

let provider: TracerProvider | undefined;
let unpatch: (() => void) | undefined;

/**
 * Registers OpenTelemetry for this process when OTEL_ENABLED (or when a test hands in its exporter): the W3C
 * propagator, an AsyncLocalStorage context manager and the http, pg and ioredis instrumentation. It must run before
 * those modules are first required — the instrumentation patches them as they load (require-in-the-middle), so
 * main.ts and worker.ts call it above every other import. Queue jobs and Jira calls get their spans from
 * src/common/trace-context.ts. Off, nothing is registered: the API's tracer is a no-op and nothing is patched.
 */
export function startTracing(processName: 'api' | 'worker', testExporter?: SpanExporter): void {
  let exporter = testExporter;
  let serviceName = `avvikelse-${processName}`;
  if (!exporter) {
    // An invalid configuration is reported by the process's own start a moment later, with every variable at fault.
    const config = tryLoadConfig();
    if (!config?.OTEL_ENABLED) return;
    const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof OtlpHttp;
    exporter = new OTLPTraceExporter({ url: `${config.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/$/, '')}/v1/traces` });
    serviceName = config.OTEL_SERVICE_NAME ?? serviceName;
  }
  // Required here, not imported at the top: with tracing off (the default) the SDK and its instrumentation held
  // ~3 MB of heap in every process for nothing (bench, issue 22).
  const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks') as typeof ContextHooks;
  const { W3CTraceContextPropagator } = require('@opentelemetry/core') as typeof Core;
  const { registerInstrumentations } = require('@opentelemetry/instrumentation') as typeof Instrumentation;
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof HttpInstrumentationModule;
  const { IORedisInstrumentation } = require('@opentelemetry/instrumentation-ioredis') as typeof IORedisInstrumentationModule;
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof PgInstrumentationModule;
  const { resourceFromAttributes } = require('@opentelemetry/resources') as typeof Resources;
  const { BatchSpanProcessor, SimpleSpanProcessor, TracerProvider } = require('@opentelemetry/sdk-trace') as typeof SdkTrace;
  const { ATTR_SERVICE_NAME } = require('@opentelemetry/semantic-conventions') as typeof SemanticConventions;
  provider = new TracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }),
    // The test exporter sees each span as it ends; OTLP gets them in batches, off the request's path.
    spanProcessors: [testExporter ? new SimpleSpanProcessor({ exporter }) : new BatchSpanProcessor({ exporter })],
  });
  trace.setGlobalTracerProvider(provider);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  unpatch = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      // Probes and scrapes would be most of the spans and say nothing.
      new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => /^\/(health|metrics)(\/|$|\?)/.test(request.url ?? '') }),
      new PgInstrumentation({ requireParentSpan: true }),
      new IORedisInstrumentation({ requireParentSpan: true }),
    ],
  });
}

/** Sends the spans still buffered and unregisters everything; called once the app has closed, before the process exits. */
export async function stopTracing(): Promise<void> {
  unpatch?.();
  await provider?.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
  provider = undefined;
  unpatch = undefined;
}

function tryLoadConfig(): ReturnType<typeof loadConfig> | undefined {
  try {
    return loadConfig();
  } catch {
    return undefined;
  }
}
