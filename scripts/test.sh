#!/usr/bin/env bash
# The project's test command (make test): vet, unit tests, the property
# checks with a fixed rapid budget, the exhaustive explorer on the default
# configuration, and the scenario and counterexample corpora. All of them are
# go tests; this script fixes the budget so a run is repeatable in time.
set -euo pipefail
cd "$(dirname "$0")/.."

# The report tests render the bug reports' pictures to PNG with rsvg-convert
# (Debian's librsvg2-bin), and the browser tests of web/browsertest drive a
# headless Chromium (Debian's chromium). Install what is missing where we can;
# elsewhere the tests say how.
missing=""
command -v rsvg-convert >/dev/null 2>&1 || missing="$missing librsvg2-bin"
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing="$missing chromium"
if [ -n "$missing" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "== installing$missing for the report picture and browser tests"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change: $unformatted" >&2
  exit 1
fi

echo "== go vet"
go vet ./...

echo "== go test (rapid: ${RAPID_CHECKS:=200} checks a property)"
export RAPID_CHECKS RAPID_NOFAILFILE=${RAPID_NOFAILFILE:-true}
go test -count=1 ./...

echo "== the README's first steps in a fresh clone (scripts/readme-steps.sh)"
bash scripts/readme-steps.sh
