#!/usr/bin/env bash
# The one way this project installs a Debian package: `scripts/apt-install.sh <command> <package> <why>`.
# Nothing happens when <command> is already on PATH. Otherwise it says what it installs and why, waits for any other
# apt or dpkg run (unattended upgrades, a second checkout's run.sh) instead of failing on its lock, and installs.
set -euo pipefail

command=$1
package=$2
why=$3
LOCK_WAIT_S=${APT_LOCK_WAIT_S:-600}

log() { printf '\033[36m[avvikelse]\033[0m %s\n' "$*" >&2; }

if command -v "$command" >/dev/null 2>&1; then exit 0; fi

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  log "$command is missing ($why). Install it once with: sudo apt-get update && sudo apt-get install -y $package"
  exit 1
fi

# Two checkouts of this project may ask at once: the second waits here and then finds the command installed.
exec 9>/tmp/avvikelse-apt-install.lock
flock -w "$LOCK_WAIT_S" 9 || {
  log "gave up waiting ${LOCK_WAIT_S}s for another install of this project"
  exit 1
}
if command -v "$command" >/dev/null 2>&1; then exit 0; fi

log "$command is missing: installing Debian's $package with apt-get ($why)"
# apt takes fcntl locks, so `flock` cannot wait for them; apt's own DPkg::Lock::Timeout waits for dpkg's lock, and
# `apt-get update` (the lists lock, which that option does not cover) is retried while another apt holds it.
deadline=$((SECONDS + LOCK_WAIT_S))
until out=$(apt-get -o DPkg::Lock::Timeout="$LOCK_WAIT_S" update -qq 2>&1); do
  if ! grep -q 'Could not get lock' <<<"$out" || [ "$SECONDS" -ge "$deadline" ]; then
    printf '%s\n' "$out" >&2
    exit 1
  fi
  log "apt is busy (another install holds its lock): waiting"
  sleep 5
done
DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout="$LOCK_WAIT_S" install -y -qq "$package" >&2
# Debian's packages start system services where systemd runs; the project starts its own servers.
(command -v systemctl >/dev/null && systemctl disable --now "$package") >/dev/null 2>&1 || true
command -v "$command" >/dev/null 2>&1 || {
  log "installed $package but $command is still not on PATH"
  exit 1
}
log "installed $package ($command)"
