#!/usr/bin/env bash
# The main job, end to end on this machine: a Mosquitto broker on loopback, lw-center with its
# SQLite database, and a drill from lw-sim; then the drill's rescue timeline(s).
#
#   scripts/demo.sh [SCENARIO] [--no-wait]
#
# SCENARIO defaults to scenarios/basic.drill. Run from a terminal, the broker and the center stay
# up after the drill so you can open the console; Ctrl-C stops them. Without a terminal on
# standard input (CI, pipes), or with --no-wait, the script exits once it has printed everything.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
scenario=scenarios/basic.drill
wait_at_end=1
for a in "$@"; do
  case "$a" in
    --no-wait) wait_at_end=0 ;;
    *) scenario="$a" ;;
  esac
done

scripts/setup.sh
scripts/build.sh >/dev/null
bin="$root/build/bin"

run="$root/var/demo"
rm -rf "$run"
mkdir -p "$run"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
broker_port=1883
while port_in_use "$broker_port"; do broker_port=$((20000 + RANDOM % 30000)); done

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

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

"$bin/lw-sim" city --scenario "$scenario" --out "$run/city.json"
"$bin/lw-center" serve --db "$run/liftwatch.db" --city "$run/city.json" --clock drill \
  --broker "127.0.0.1:$broker_port" --http 127.0.0.1:0 --port-file "$run/console.port" \
  2>"$run/center.log" &
pids+=($!)
for _ in $(seq 200); do [[ -s "$run/console.port" ]] && break; sleep 0.05; done
[[ -s "$run/console.port" ]] || { echo "demo: lw-center did not start:"; tail "$run/center.log"; exit 1; }
console_port=$(cat "$run/console.port")
echo "demo: broker 127.0.0.1:$broker_port, console http://127.0.0.1:$console_port/"

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
Console: http://127.0.0.1:$console_port/
EOT
if ((wait_at_end)) && [[ -t 0 ]]; then
  echo "The broker and the center are still running for the console; press Ctrl-C to stop."
  wait "${pids[1]}" || true
fi
