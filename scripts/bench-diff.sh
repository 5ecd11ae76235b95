#!/usr/bin/env bash
# Issue 18's rows: photosync diff of the five pairs that differ only in
# knobs no view reads (experiment/testdata/rules/issue18: they must say
# "indistinguishable", goal < 2 s each), diff of the 21 pairs of named rule
# sets (goal <= 0.3 s each; the answer is the shortest decisive experiment,
# or the shortest with "Not decisive"), and check --rules on the README's
# example rules file (mine.json) and on a proposal indistinguishable from
# its base (modern-no-queue.json)
# (goal < 2 s with the equivalence verdict). The binary is built once; each
# command is measured as a whole process with /usr/bin/time -v. One line
# per command: wall-clock seconds, CPU seconds (user and system: on a
# loaded machine the steadier figure), maximum resident KB, exit code and
# the answer; then the worst wall-clock time of each group.
#
#   scripts/bench-diff.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/photosync" ./cmd/photosync
rules=experiment/testdata/rules/issue18
worst=0
measure() { # measure LABEL ANSWER-COMMAND ARGS...: one row
  local label=$1 pick=$2
  shift 2
  set +e
  /usr/bin/time -v -o "$work/time" "$work/photosync" "$@" >"$work/out" 2>"$work/err"
  local code=$?
  set -e
  local s cpu kb answer
  cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {y=$2} END {printf "%.2f", u + y}' "$work/time")
  s=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); t=0; for(i=1;i<=n;i++) t=t*60+p[i]; print t}' "$work/time")
  kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time")
  answer=$($pick <"$work/out")
  printf '%-44s %7s %6s %9s %4s  %s\n' "$label" "$s" "$cpu" "$kb" "$code" "$answer"
  if awk -v a="$s" -v b="$worst" 'BEGIN {exit !(a > b)}'; then worst=$s; fi
}
diffAnswer() { # the first line of a statement, or the experiment's kind and length
  awk 'NR == 1 && !/^#/ {print substr($0, 1, 60); exit}
       /^# Decisive/ {d = "decisive"} /^# Not decisive/ {d = "not decisive"}
       /^at / {n++} END {if (d != "") print d ", " n " lines"}'
}
checkAnswer() { awk -F'experiments: +' 'NF > 1 {print substr($2, 1, 60)}'; }

printf '%-44s %7s %6s %9s %4s  %s\n' command seconds cpu max-KB exit answer
for p in "vq-false vq-true" "cloud once" "cloud thumbs" "once thumbs" "settled settled-open"; do
  set -- $p
  measure "diff $1 $2" diffAnswer diff --rules "$rules/$1.json" --rules "$rules/$2.json"
done
echo "worst: $worst s (goal < 2 s each, indistinguishable)"
worst=0
names=(observed documented ideal sharepoint-2013 exchange-online-2016 transition-2023 modern)
for ((i = 0; i < ${#names[@]}; i++)); do
  for ((j = i + 1; j < ${#names[@]}; j++)); do
    measure "diff ${names[i]} ${names[j]}" diffAnswer diff --rules "${names[i]}" --rules "${names[j]}"
  done
done
echo "worst: $worst s (goal <= 0.3 s each)"
worst=0
for f in mine modern-no-queue; do
  measure "check --rules $f.json" checkAnswer check --rules "$rules/$f.json"
done
echo "worst: $worst s (goal < 2 s each, with the equivalence verdict)"
