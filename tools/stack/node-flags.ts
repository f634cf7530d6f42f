/**
 * V8 flags for the API and worker processes, wherever they are started (`npm start`, the bench; the Dockerfile sets
 * the same through NODE_OPTIONS). Node 24 sizes the young generation from the machine's memory — 128 MB on a
 * 24 GB host — and a process keeps what it once touched: the API sat at 213 MB RSS doing nothing. Request garbage
 * dies young and small, so 16 MB semi-spaces cost a few more scavenges and give back ~30 MB at rest and ~60 MB
 * under load (bench, 2 cores).
 */
export const SERVICE_NODE_FLAGS = ['--max-semi-space-size=16'];
