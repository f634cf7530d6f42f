// The images' health check: `node dist/tools/ops/healthcheck.js [url]` exits 0 when the URL answers 2xx within 4 s,
// else 1. The default is the API's readiness on PORT. It presents METRICS_TOKEN when one is set, so it also passes the
// metrics access rule of a process's own METRICS_PORT listener (the worker's only HTTP surface).
const url = process.argv[2] ?? `http://127.0.0.1:${process.env.PORT || '3000'}/health/ready`;
const token = process.env.METRICS_TOKEN;

fetch(url, {
  headers: token ? { authorization: `Bearer ${token}` } : {},
  signal: AbortSignal.timeout(4000),
}).then(
  (response) => process.exit(response.ok ? 0 : 1),
  () => process.exit(1),
);
