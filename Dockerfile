# syntax=docker/dockerfile:1
# Multi-stage: build with dev dependencies, run with production ones only, as the unprivileged `node` user.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY migrations ./migrations
COPY tools ./tools
COPY jira-simulator ./jira-simulator
RUN node node_modules/typescript/bin/tsc -p tsconfig.build.json \
  && (cd src && find . \( -name '*.eta' -o -name '*.css' \) -exec cp --parents {} ../dist/src/ \;) \
  && npm prune --omit=dev

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production
# Young generation capped as in tools/stack/node-flags.ts: Node sizes it from host memory and keeps what it touched.
ENV NODE_OPTIONS=--max-semi-space-size=16
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
RUN mkdir -p /data/attachments && chown node:node /data/attachments
USER node
EXPOSE 3000
# The API's heap cap, as API_NODE_FLAGS in tools/stack/node-flags.ts (the worker keeps V8's default).
CMD ["node", "--max-old-space-size=192", "dist/src/main.js"]
