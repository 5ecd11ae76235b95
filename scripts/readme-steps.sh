#!/usr/bin/env bash
# The README's first steps, tried as a new user tries them (issue 16): in a
# fresh clone of this commit, in a directory whose name is long and has
# spaces, every command of README.md's "First steps on a fresh clone"
# section (the lines of its sh blocks, comments dropped) is run as written
# and must exit 0. Two are special: `make test` is skipped, since it is what
# runs this script; `serve` is started, must print its address first (the
# README says to open it) and answer a request there (2xx or a redirect), and is then stopped.
#
# It tests HEAD: uncommitted changes are not in the clone. Outside a git
# checkout there is nothing to clone, and it says so and stops. scripts/test.sh
# (make test) runs it after the Go tests, which leave the build cache warm, so
# it costs a build of the command and a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! git rev-parse --verify -q HEAD >/dev/null 2>&1; then
  echo "readme-steps: not a git checkout with a commit: nothing to clone, skipped"
  exit 0
fi
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
  echo "readme-steps: note: uncommitted changes are not tried (the clone is of HEAD)"
fi

# The commands, one a line, as the README writes them.
steps=$(awk '
  /^## / { inside = ($0 == "## First steps on a fresh clone") }
  inside && /^```/ { block = !block && ($0 == "```sh"); next }
  inside && block && NF { sub(/[ \t]+#.*$/, ""); print }
' README.md)
if [ -z "$steps" ]; then
  echo "readme-steps: README.md has no sh block under \"## First steps on a fresh clone\"" >&2
  exit 1
fi

tmp=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill -- "-$server" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
clone="$tmp/photosync, a fresh clone in a directory whose name is long and has spaces"
git init -q "$clone"
git -C "$clone" fetch -q --depth 1 "file://$PWD" HEAD
git -C "$clone" checkout -q FETCH_HEAD
cd "$clone"

failed=0
# serve_step runs a serve command in its own process group, checks that it
# prints its address first and answers there, and stops it.
serve_step() {
  local cmd=$1 out="$tmp/serve.out" err="$tmp/serve.err"
  set -m
  bash -c "$cmd" </dev/null >"$out" 2>"$err" &
  server=$!
  set +m
  local addr="" i
  for i in $(seq 1 600); do # a tenth of a second each: the build may be slow on a busy machine
    addr=$(head -n 1 "$out" 2>/dev/null || true)
    [ -n "$addr" ] && break
    if ! kill -0 "$server" 2>/dev/null; then break; fi
    sleep 0.1
  done
  if [ -z "$addr" ] && grep -q "address already in use" "$err"; then
    # The README's port is taken on this machine: not the README's fault.
    echo "readme-steps: note: $(tail -n 1 "$err"); trying \"$cmd --addr 127.0.0.1:0\" instead"
    kill -- "-$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    server=""
    serve_step "$cmd --addr 127.0.0.1:0"
    return
  fi
  if [[ ! "$addr" =~ ^http://127\.0\.0\.1:([0-9]+)/$ ]]; then
    echo "readme-steps: FAIL: $cmd: the first line is \"$addr\", not the address to open" >&2
    cat "$err" >&2
    failed=1
  else
    local port=${BASH_REMATCH[1]} status=""
    if exec 3<>"/dev/tcp/127.0.0.1/$port"; then
      printf 'GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
      IFS= read -r status <&3 || true
      exec 3<&-
    fi
    if [[ "$status" =~ ^HTTP/1\.[01]\ [23][0-9][0-9] ]]; then
      echo "readme-steps: ok: $cmd (printed $addr first, which answers: ${status%$'\r'})"
    else
      echo "readme-steps: FAIL: $cmd: GET $addr answered \"${status%$'\r'}\"" >&2
      failed=1
    fi
  fi
  kill -- "-$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  server=""
}

while IFS= read -r cmd; do
  case "$cmd" in
  "make test")
    echo "readme-steps: skip: $cmd (it is what runs this)"
    ;;
  *" serve"*)
    serve_step "$cmd"
    ;;
  *)
    code=0
    bash -c "$cmd" </dev/null >"$tmp/out" 2>"$tmp/err" || code=$?
    if [ "$code" = 0 ]; then
      echo "readme-steps: ok: $cmd"
    else
      echo "readme-steps: FAIL: $cmd: exit $code, want 0; it printed:" >&2
      tail -n 20 "$tmp/out" "$tmp/err" >&2
      failed=1
    fi
    ;;
  esac
done <<<"$steps"
exit "$failed"
