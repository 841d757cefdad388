#!/usr/bin/env bash
# scripts/demo.sh as a newcomer runs it (issue 9, item 9), on a two-minute drill at x60 and
# with `cmake` replaced by a recorder on PATH (the programs are already built; nothing is
# rebuilt while the suite runs). What it checks, by CHECK:
#   build    the build step asks for exactly the programs the demo runs (lw-center, lw-sim: no
#            test suite), says so first, and its output is shown, not hidden;
#   no-wait  with --no-wait the output ends saying the broker and the center stopped and how to
#            keep them up, and the console address it names is really closed.
#
#   demo_test.sh SOURCE_DIR BUILD_DIR CHECK
set -uo pipefail
src=$1 build=$2 check=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; echo "--- demo output:"; cat "$work/out" 2>/dev/null; exit 1; }

mkdir "$work/shim"
cat >"$work/shim/cmake" <<SHIM
#!/bin/sh
printf '%s\n' "\$*" >>"$work/cmake-calls"
echo "cmake-recorder: cmake \$*"
SHIM
chmod +x "$work/shim/cmake"
cat >"$work/quick.drill" <<'DRILL'
name quick
seed 7
elevators 8
scale 60
duration 2m
DRILL

PATH="$work/shim:$PATH" LW_BUILD_DIR="$build" LW_DEMO_DIR="$work/demo" \
  timeout 120 "$src/scripts/demo.sh" "$work/quick.drill" --no-wait </dev/null >"$work/out" 2>&1
rc=$?
[[ $rc -eq 0 ]] || fail "demo.sh exited $rc"

case "$check" in
build)
  [[ -f "$work/cmake-calls" ]] || fail "the demo never called cmake"
  [[ $(wc -l <"$work/cmake-calls") -eq 1 ]] || fail "cmake called more than once: $(cat "$work/cmake-calls")"
  call=$(cat "$work/cmake-calls")
  [[ "$call" == "--build $build "* ]] || fail "not a build of $build: cmake $call"
  asked=$(grep -o -- '--target [^ ]*' <<<"$call" | awk '{print $2}' | sort -u | tr '\n' ' ')
  runs=$(grep -o '"\$bin/lw-[a-z-]*"' "$src/scripts/demo.sh" | sed 's/.*\/\(lw-[a-z-]*\)"/\1/' | sort -u | tr '\n' ' ')
  [[ -n "$asked" ]] || fail "the build step names no target (it builds everything, the tests too): cmake $call"
  [[ "$asked" == "$runs" ]] || fail "the build step builds '$asked', the demo runs '$runs'"
  grep -q "^demo: building lw-center lw-sim" "$work/out" || fail "no progress line before the build"
  grep -n -m1 "^demo: building" "$work/out" | cut -d: -f1 >"$work/l1"
  grep -n -m1 "^cmake-recorder:" "$work/out" | cut -d: -f1 >"$work/l2"
  [[ -s "$work/l2" ]] || fail "the build's own output is hidden"
  (($(cat "$work/l1") < $(cat "$work/l2"))) || fail "the progress line comes after the build"
  echo "ok: the build step is 'cmake $call' (the demo runs: $runs), shown after its progress line"
  ;;
no-wait)
  last=$(tail -n 1 "$work/out")
  before=$(tail -n 2 "$work/out" | head -n 1)
  [[ "$before" =~ ^Console:\ http://127\.0\.0\.1:([0-9]+)/\ is\ closed:\ the\ broker\ and\ the\ center\ stopped\ \(--no-wait\)\.$ ]] ||
    fail "the next-to-last line does not say the console is closed and the center stopped: '$before'"
  port=${BASH_REMATCH[1]}
  [[ "$last" == *"to keep them up for the console, run scripts/demo.sh from a terminal without --no-wait"* ]] ||
    fail "the last line does not say how to keep the center up: '$last'"
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then fail "the console port $port still answers"; fi
  grep -q "^Console: http://127.0.0.1:$port/\$" "$work/out" && fail "an open console address is printed too"
  echo "ok: the output ends with '$before' / '$last'; port $port is closed"
  ;;
*) echo "demo_test.sh: unknown check '$check'"; exit 2 ;;
esac
