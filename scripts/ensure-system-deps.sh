#!/usr/bin/env bash
# Installs the Debian packages the tests need when they are missing: chromium (browser tests),
# socat (serial monitor tests through a pseudo-terminal pair). Called by `npm test` (pretest).
# Without root or apt-get it only reports what is missing; the tests that need it then say so.
set -u
need=()
command -v socat >/dev/null 2>&1 || need+=(socat)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-system-deps: missing ${need[*]} and cannot install them (needs root and apt-get)" >&2
  exit 0
fi
echo "ensure-system-deps: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null 2>&1 || {
  echo "ensure-system-deps: apt-get install ${need[*]} failed" >&2
  exit 0
}
