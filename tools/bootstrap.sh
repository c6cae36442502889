#!/usr/bin/env bash
# First thing `npm start` and `npm test` run: install node modules when they are missing or
# when package-lock.json changed since the last install, and Debian's chromium for the browser suites. Everything else (Kafka, mongo-java-server) is
# provisioned by infra/local from TypeScript once these modules exist.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "[setup] $tool is required (Node.js 20.19 or later)" >&2; exit 1; }
done
stamp=node_modules/.idaas-lock-sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "[setup] installing node modules, first run only..."
  # npm install, not npm ci: npm 11 refuses `ci` on lock files that omit other platforms'
  # optional binaries (swc, nx), although `install` honours the same lock file exactly.
  npm install --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
# The hosted pages are tested in Debian's headless Chromium, driven by playwright-core (which
# cannot download a browser of its own here). Installed once, when apt can do it.
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "[setup] installing Debian's chromium for the browser suites, first run only..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "[setup] /usr/bin/chromium is missing: install Debian's chromium (sudo apt-get install chromium) for the browser suites" >&2
  fi
fi
