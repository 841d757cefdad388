#!/usr/bin/env bash
# The README's by-hand commands (issue 9, item 13), run in order as written, all succeed: the
# ```sh block after the marker "<!-- by-hand commands: ... -->" in README.md, each command (lines
# ending in '\' joined) run in one bash shell, the way a newcomer pastes them, in a fresh copy of
# the source tree (no build/, no var/) whose build/ is this build directory. Two things differ
# from a newcomer's run, and only these: the broker's and the console's ports 1883 and 8080 are
# replaced by free ones (the suite runs beside other brokers), and `cmake` is a recorder (the
# README's `scripts/build.sh` runs, but nothing is rebuilt while the suite runs). A command that
# exits non-zero fails the test with its number and text; the center must see the board the
# README starts online, and the programs started with '&' must still be running at the end;
# then they are stopped.
#
#   readme_by_hand_test.sh SOURCE_DIR BUILD_DIR
set -uo pipefail
src=$1 build=$2
work=$(mktemp -d)
cleanup() {   # the programs the README started with '&' (their pids, recorded), then the copy
  if [[ -f "$work/bg.pids" ]]; then
    tac "$work/bg.pids" | while read -r p; do kill "$p" 2>/dev/null; done
    for _ in $(seq 100); do
      alive=0
      while read -r p; do kill -0 "$p" 2>/dev/null && alive=1; done <"$work/bg.pids"
      ((alive)) || break
      sleep 0.05
    done
  fi
  # Anything else still running in the copy (a program the README backgrounds in a way the
  # check above missed) is stopped too: the suite must not leave brokers behind.
  for p in /proc/[0-9]*; do
    [[ "$(readlink "$p/cwd" 2>/dev/null)" == "$work/tree"* ]] && kill "${p#/proc/}" 2>/dev/null
  done
  rm -rf "$work"
}
trap cleanup EXIT

# The commands, extracted.
awk '/<!-- by-hand commands:/ {marked = 1; next}
     marked && /^```sh/ {inside = 1; next}
     inside && /^```/ {exit}
     inside {print}' "$src/README.md" >"$work/block"
[[ -s "$work/block" ]] || { echo "FAIL: no by-hand block after the marker in $src/README.md"; exit 1; }
# Join continuation lines; drop blank and comment-only lines.
awk '{ line = line $0 } /\\$/ { sub(/\\$/, "", line); next } { print line; line = "" }' "$work/block" |
  grep -vE '^[[:space:]]*(#|$)' >"$work/commands"
n=$(wc -l <"$work/commands")
((n >= 10)) || { echo "FAIL: only $n commands extracted"; cat "$work/commands"; exit 1; }

free_port() {
  local p
  for _ in $(seq 100); do
    p=$((20000 + RANDOM % 30000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
  echo "no free port" >&2; exit 1
}
broker_port=$(free_port)
console_port=$(free_port)
while [[ "$console_port" == "$broker_port" ]]; do console_port=$(free_port); done

# A fresh copy of the tree, as a clone has it.
mkdir "$work/tree"
(cd "$src" && tar -cf - --exclude=./build --exclude='./build-*' --exclude=./var --exclude=./.git .) |
  tar -xf - -C "$work/tree"
ln -s "$build" "$work/tree/build"
mkdir "$work/shim"
printf '#!/bin/sh\nprintf "%%s\\n" "$*" >>"%s/cmake-calls"\n' "$work" >"$work/shim/cmake"
chmod +x "$work/shim/cmake"

# The script the shell runs: each README command as written (ports replaced), then its check.
{
  echo 'cd "$1" || exit 1'
  i=0
  while IFS= read -r cmd; do
    i=$((i + 1))
    cmd=$(sed -E 's/\b1883\b/'"$broker_port"'/g; s/\b8080\b/'"$console_port"'/g' <<<"$cmd")
    # A trailing comment ("cmd &   # why") hides the '&' from the check below: drop it.
    bare=$(sed -E 's/[[:space:]]+#[^"'"'"']*$//' <<<"$cmd")
    printf 'echo %q\n' "=== README by-hand command $i/$n: $cmd"
    if [[ "$bare" =~ \&[[:space:]]*$ ]]; then
      printf '%s\n' "$cmd"
      printf 'echo "$! %d" >>"$2/bg"; echo "$!" >>"$2/bg.pids"\n' "$i"
    else
      printf '%s\n' "$cmd"
      printf 'rc=$?; if ((rc != 0)); then echo "FAIL: README by-hand command %d exited $rc:" %q; exit 1; fi\n' "$i" "$cmd"
    fi
  done <"$work/commands"
  echo 'exit 0'
} >"$work/run.sh"

start=$(date +%s)
PATH="$work/shim:$PATH" timeout 240 bash "$work/run.sh" "$work/tree" "$work" </dev/null >"$work/out" 2>&1
rc=$?
cat "$work/out"
[[ $rc -eq 0 ]] || { echo "FAIL: the by-hand commands stopped (exit $rc; 124: the 240 s time limit)"; exit 1; }
# The board the README started last is seen by the center (its live state "online"), within 10 s.
board=$(grep -o -- '--elevator_id [^ ]*' "$work/commands" | tail -n 1 | awk '{print $2}')
if [[ -n "$board" ]]; then
  online=0
  for _ in $(seq 100); do
    if exec 3<>"/dev/tcp/127.0.0.1/$console_port"; then
      printf 'GET /api/elevators/%s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$board" >&3
      reply=$(cat <&3)
      exec 3<&-
      grep -qE '"state": ?"online"' <<<"$reply" && { online=1; break; }
    fi
    sleep 0.1
  done 2>/dev/null
  ((online)) || { echo "FAIL: the center does not see the README's board $board online: $reply"; exit 1; }
fi
if [[ -f "$work/bg" ]]; then
  while read -r pid i; do
    kill -0 "$pid" 2>/dev/null || { echo "FAIL: README by-hand command $i (started with &) is no longer running"; exit 1; }
  done <"$work/bg"
fi
echo "ok: $n README by-hand commands ran in order in $(($(date +%s) - start)) s (broker port $broker_port, console port $console_port)"
