// jira.js 6 is published as ES modules only and exports no `require` condition, so CommonJS code cannot load it
// directly; Node 24 can require() this ES module, which re-exports what we use.
export { createCloudClient, ApiError, RateLimitError, NetworkError } from 'jira.js';
