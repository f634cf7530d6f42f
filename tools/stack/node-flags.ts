/**
 * V8 flags for the API and worker processes, wherever they are started (`npm start`, the bench; the Dockerfile sets
 * the same through NODE_OPTIONS). Node 24 sizes the young generation from the machine's memory — 128 MB on a
 * 24 GB host — and a process keeps what it once touched: the API sat at 213 MB RSS doing nothing. Request garbage
 * dies young and small, so 16 MB semi-spaces cost a few more scavenges and give back ~30 MB at rest and ~60 MB
 * under load (bench, 2 cores).
 */
export const SERVICE_NODE_FLAGS = ['--max-semi-space-size=16'];

/**
 * Added for the API: its old generation is capped at 192 MB. Under 100 concurrent creates, request garbage that outlives a few
 * scavenges is promoted, and V8 let the old generation grow to ~270 MB committed (RSS 380–445 MB) before collecting
 * it; with the cap it collects sooner and the API held ~235 MB RSS around ~80 MB of live heap (bench, 2 cores). The
 * API holds no large answer in memory (the CSV export streams in batches) and JSON bodies are limited to 1 MB. The
 * worker keeps V8's default: its reports and scans are sized by the data, not by a request.
 */
export const API_NODE_FLAGS = ['--max-old-space-size=192'];
