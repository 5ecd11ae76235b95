#!/usr/bin/env bash
# The project's test command (make test): vet, unit tests, the property
# checks with a fixed rapid budget, the exhaustive explorer on the default
# configuration, and the scenario and counterexample corpora. All of them are
# go tests; this script fixes the budget so a run is repeatable in time.
set -euo pipefail
cd "$(dirname "$0")/.."

# The report tests render the bug reports' pictures to PNG with rsvg-convert
# (Debian's librsvg2-bin). Install it where we can; elsewhere the test says how.
if ! command -v rsvg-convert >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "== installing librsvg2-bin (rsvg-convert) for the report picture tests"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq librsvg2-bin >/dev/null
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
