# syntax=docker/dockerfile:1
# One build, two images:
#   docker build --target runtime -t avvikelse .   API, worker and migrations only; production dependencies only
#   docker build --target demo -t avvikelse-demo .  adds the dev tools: Jira simulator, mail catcher, demo identity
#                                                   provider, seed and token (docker-compose.yml's demo profile)
# The stages `deps` and `build` are shared, so both targets reuse one compilation.
ARG NODE_VERSION=24.22.3
FROM node:${NODE_VERSION}-bookworm-slim AS base
WORKDIR /app
# Young generation capped as in tools/stack/node-flags.ts: Node sizes it from host memory and keeps what it touched.
ENV NODE_OPTIONS=--max-semi-space-size=16

# Every dependency, dev ones included: the compiler, and the tools of the demo image.
FROM base AS deps
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY migrations ./migrations
COPY tools ./tools
COPY jira-simulator ./jira-simulator
COPY bench ./bench
# Page templates and styles are read at run time from beside the compiled code (src/pages/page-renderer.ts).
RUN node node_modules/typescript/bin/tsc -p tsconfig.build.json \
  && (cd src && find . \( -name '*.eta' -o -name '*.css' -o -path './pages/assets/*.js' \) -exec cp --parents {} ../dist/src/ \;)

# Production dependencies only: no embedded PostgreSQL binaries, smtp-server, mailparser or test tools.
FROM base AS prod-deps
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM base AS runtime
ENV NODE_ENV=production
COPY --from=prod-deps --chown=node:node /app/package.json ./
COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist/src ./dist/src
COPY --from=build --chown=node:node /app/dist/migrations ./dist/migrations
COPY --from=build --chown=node:node /app/dist/tools/migrate.js ./dist/tools/migrate.js
COPY --from=build --chown=node:node /app/dist/tools/ops/healthcheck.js ./dist/tools/ops/healthcheck.js
RUN mkdir -p /data/attachments && chown node:node /data/attachments
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=5 CMD ["node", "dist/tools/ops/healthcheck.js"]
# The API's heap cap, as API_NODE_FLAGS in tools/stack/node-flags.ts (the worker keeps V8's default).
CMD ["node", "--max-old-space-size=192", "dist/src/main.js"]

FROM base AS demo
ENV NODE_ENV=development
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
RUN mkdir -p /data/attachments /data/keys /data/jira-sim && chown node:node /data/attachments /data/keys /data/jira-sim
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=5 CMD ["node", "dist/tools/ops/healthcheck.js"]
CMD ["node", "--max-old-space-size=192", "dist/src/main.js"]
