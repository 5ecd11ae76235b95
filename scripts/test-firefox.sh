#!/usr/bin/env bash
# make test-firefox: every page of photosync serve in headless Firefox
# (web/firefoxtest), with screenshots in $PHOTOSYNC_SCREENSHOTS or
# web/firefoxtest/screenshots/. Not part of make test: Firefox takes tens
# of seconds to install and start.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v firefox-esr >/dev/null 2>&1 && ! command -v firefox >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing firefox-esr for the Firefox tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends firefox-esr >/dev/null
  else
    echo "firefox is missing: install Debian's firefox-esr (apt-get install -y firefox-esr, as root)" >&2
    exit 1
  fi
fi

echo "== go test ./web/firefoxtest -firefox"
go test -count=1 ./web/firefoxtest -args -firefox
