#!/usr/bin/env bash
# `photosync check` under N random valid rules files over all knobs
# (scenariotest.RandomRules, seeds 1…N; default 200): the binary is built
# once, each check measured as a whole process with /usr/bin/time -v. It
# prints one line per file (seconds of wall clock, of CPU, maximum resident
# KB, output bytes, exit code) and the worst of each, with the command that reproduces the worst
# time, memory and output. Issue 15's goal: worst < 10 s and 1 GiB, output
# < 1 MB each. A check that runs longer than BENCH_TIMEOUT seconds (default
# 120) is stopped (exit 124), so that one rules file cannot hold the machine.
#
#   scripts/bench-check.sh [N] [EXTRA CHECK FLAGS...]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200}
timeout_s=${BENCH_TIMEOUT:-120}
shift || true
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/photosync" ./cmd/photosync
go run ./scenario/scenariotest/scalegen rules "$n" "$work/rules"
printf '%-16s %8s %8s %10s %10s %4s\n' file seconds cpu-s max-KB out-bytes exit
worst_s=0 worst_cpu=0 cpu_file="" worst_kb=0 worst_out=0 worst_file="" kb_file="" out_file=""
for k in $(seq 1 "$n"); do
  f="$work/rules/random-$k.json"
  set +e
  /usr/bin/time -v -o "$work/time" timeout "$timeout_s" "$work/photosync" check --rules "$f" "$@" >"$work/out" 2>"$work/err"
  code=$?
  set -e
  s=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); t=0; for(i=1;i<=n;i++) t=t*60+p[i]; print t}' "$work/time")
  cpu=$(awk -F': ' '/User time|System time/ {t+=$2} END {printf "%.2f", t}' "$work/time")
  kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time")
  out=$(( $(wc -c <"$work/out") + $(wc -c <"$work/err") ))
  printf '%-16s %8s %8s %10s %10s %4s\n' "random-$k" "$s" "$cpu" "$kb" "$out" "$code"
  if awk -v a="$s" -v b="$worst_s" 'BEGIN {exit !(a > b)}'; then worst_s=$s worst_file=$k; fi
  if awk -v a="$cpu" -v b="$worst_cpu" 'BEGIN {exit !(a > b)}'; then worst_cpu=$cpu cpu_file=$k; fi
  if [ "$kb" -gt "$worst_kb" ]; then worst_kb=$kb kb_file=$k; fi
  if [ "$out" -gt "$worst_out" ]; then worst_out=$out out_file=$k; fi
done
echo "worst: ${worst_s} s (random-${worst_file}), ${worst_cpu} s of CPU (random-${cpu_file}), ${worst_kb} KB resident (random-${kb_file}), ${worst_out} bytes of output (random-${out_file})"
echo "rerun the slowest: go run ./scenario/scenariotest/scalegen rules ${worst_file} DIR && photosync check --rules DIR/random-${worst_file}.json"
