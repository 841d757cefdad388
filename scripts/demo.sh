#!/usr/bin/env bash
# The main job, end to end on this machine: a Mosquitto broker on loopback, lw-center with its
# SQLite database, and a drill from lw-sim; then the drill's rescue timeline(s).
#
#   scripts/demo.sh [SCENARIO] [--no-wait]
#
# SCENARIO defaults to scenarios/basic.drill. Run from a terminal, the broker and the center stay
# up after the drill so you can open the console; Ctrl-C stops them. Without a terminal on
# standard input (CI, pipes), or with --no-wait, the script stops them and exits once it has
# printed everything (its last line says so).
#
# It builds only the programs it runs (lw-center, lw-sim; the test suites are built by
# scripts/test.sh), with the build's progress shown. Environment: LW_BUILD_DIR, the build
# directory (default build/); LW_DEMO_DIR, where the run's files go (default var/demo/).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
scenario=scenarios/basic.drill
wait_at_end=1
for a in "$@"; do
  case "$a" in
    --no-wait) wait_at_end=0 ;;
    -*) echo "demo: unknown option '$a' (usage: scripts/demo.sh [SCENARIO] [--no-wait])" >&2; exit 2 ;;
    *) scenario="$a" ;;
  esac
done
[[ -r "$scenario" ]] || { echo "demo: cannot read scenario $scenario" >&2; exit 2; }

build_dir="${LW_BUILD_DIR:-build}"
[[ "$build_dir" == /* ]] || build_dir="$root/$build_dir"
bin="$build_dir/bin"
run="${LW_DEMO_DIR:-$root/var/demo}"
programs=(lw-center lw-sim)   # every program this script runs, and all it builds

echo "demo: checking the Debian packages (scripts/setup.sh)"
scripts/setup.sh
echo "demo: building ${programs[*]} into $build_dir (the first build takes a few minutes)"
build_targets=()
for p in "${programs[@]}"; do build_targets+=(--target "$p"); done
LW_BUILD_DIR="$build_dir" scripts/build.sh "${build_targets[@]}"

# This run's files (a previous demo's are replaced).
mkdir -p "$run"
rm -f "$run"/liftwatch.db "$run"/liftwatch.db-* "$run"/liftwatch.db.owner "$run"/console.port \
      "$run"/city.json "$run"/drill-report.json "$run"/drill-report.html "$run"/drill.txt \
      "$run"/mosquitto.conf "$run"/mosquitto.log "$run"/center.log "$run"/sim.log

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
broker_port=1883
for _ in $(seq 50); do port_in_use "$broker_port" || break; broker_port=$((20000 + RANDOM % 30000)); done

pids=()   # mosquitto, then lw-center
stop_all() {   # the center first (it says offline on the broker), then the broker
  local i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill "${pids[i]}" 2>/dev/null || true
    wait "${pids[i]}" 2>/dev/null || true
  done
  pids=()
}
trap stop_all EXIT
trap 'stop_all; exit 130' INT TERM

echo "demo: starting mosquitto on 127.0.0.1:$broker_port"
cat >"$run/mosquitto.conf" <<CONF
listener $broker_port 127.0.0.1
allow_anonymous true
persistence false
log_dest stderr
CONF
/usr/sbin/mosquitto -c "$run/mosquitto.conf" 2>"$run/mosquitto.log" &
pids+=($!)
for _ in $(seq 100); do port_in_use "$broker_port" && break; sleep 0.05; done
port_in_use "$broker_port" || { echo "demo: mosquitto did not start (see $run/mosquitto.log)"; exit 1; }

echo "demo: the scenario's city (lw-sim city), then lw-center on the drill clock"
"$bin/lw-sim" city --scenario "$scenario" --out "$run/city.json"
"$bin/lw-center" serve --db "$run/liftwatch.db" --city "$run/city.json" --clock drill \
  --broker "127.0.0.1:$broker_port" --http 127.0.0.1:0 --port-file "$run/console.port" \
  2>"$run/center.log" &
pids+=($!)
for _ in $(seq 200); do [[ -s "$run/console.port" ]] && break; sleep 0.05; done
[[ -s "$run/console.port" ]] || { echo "demo: lw-center did not start:"; tail "$run/center.log"; exit 1; }
console_port=$(cat "$run/console.port")
echo "demo: broker 127.0.0.1:$broker_port, console http://127.0.0.1:$console_port/"
echo "demo: playing the drill $scenario (lw-sim drill)"

"$bin/lw-sim" drill --scenario "$scenario" --city "$run/city.json" --broker "127.0.0.1:$broker_port" \
  --center "127.0.0.1:$console_port" --report "$run/drill-report.json" \
  --report-html "$run/drill-report.html" 2>"$run/sim.log" | tee "$run/drill.txt" ||
  echo "demo: the drill reported a problem (a scripted expectation not met, or a time-out): see $run/sim.log"

echo
echo "=== Rescue timeline(s) ==="
"$bin/lw-center" incidents --db "$run/liftwatch.db"
for id in $("$bin/lw-center" incidents --db "$run/liftwatch.db" | awk 'NR>1 && $1 ~ /^[0-9]+$/ {print $1}' | sort -n); do
  echo
  "$bin/lw-center" timeline --db "$run/liftwatch.db" "$id"
done
echo
"$bin/lw-center" verify --db "$run/liftwatch.db"
cat <<EOT

Drill report: $run/drill-report.html (open it in a browser; JSON: $run/drill-report.json)
Data: database $run/liftwatch.db, city $run/city.json, drill report $run/drill-report.json,
      logs $run/center.log $run/sim.log $run/mosquitto.log
EOT
if ((wait_at_end)) && [[ -t 0 ]]; then
  echo "Console: http://127.0.0.1:$console_port/"
  echo "The broker and the center are still running for the console; press Ctrl-C to stop."
  wait "${pids[1]}" || true
  exit 0
fi
why="--no-wait"
((wait_at_end)) && why="standard input is not a terminal"
stop_all
echo "Console: http://127.0.0.1:$console_port/ is closed: the broker and the center stopped ($why)."
echo "demo: to keep them up for the console, run scripts/demo.sh from a terminal without --no-wait (Ctrl-C stops them)."
