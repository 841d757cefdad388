#!/usr/bin/env bash
# Measures the board agent against its budgets (DESIGN §4: <= 4 MiB resident, <= 1 % of one
# core at 10 Hz sampling, stripped arm64 binary <= 2 MiB). Prints one line per figure with how
# it was measured. The agent is the board configuration (agent only, MinSizeRel, protobuf-lite)
# built natively into build-board/ (made here if missing; BUILD_DIR to use another tree); the
# binary size is from build-arm64/ (scripts/cross-arm64.sh).
#
#   scripts/measure-agent.sh [seconds]      (default 60)
#
# Resident memory from /proc/PID/status after the run: VmRSS, VmHWM, and RssAnon (the agent's
# own heap and stacks; the rest of VmRSS is pages of shared libraries); from
# /proc/PID/smaps_rollup: Pss and Private_Clean + Private_Dirty (USS). CPU: utime + stime from
# /proc/PID/stat (fields 14, 15, in clock ticks) over the wall time of the run. The agent runs
# natively at 10 Hz with the scripted HAL (firmware/examples/entrapment.script: an entrapment at
# 24 s, comfort plays) against a local mosquitto, so MQTT, SQLite and protobuf are all in play.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
build=${BUILD_DIR:-build-board}
if [[ -z "${BUILD_DIR:-}" && ! -f build-board/CMakeCache.txt ]]; then
  cmake -S . -B build-board -G Ninja -DCMAKE_BUILD_TYPE=MinSizeRel -DLW_BUILD_CENTER=OFF -DLW_BUILD_SIM=OFF \
        -DLW_BUILD_TESTS=OFF >/dev/null
fi
[[ -z "${BUILD_DIR:-}" ]] && cmake --build build-board --target lw-agent >/dev/null
agent="$build/bin/lw-agent"
[[ -x "$agent" ]] || { echo "measure: $agent not built"; exit 1; }

work=$(mktemp -d)
chmod 777 "$work"
cleanup() {
  [[ -n "${agent_pid:-}" ]] && kill "$agent_pid" 2>/dev/null || true
  [[ -n "${broker_pid:-}" ]] && kill "$broker_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
printf 'listener %s 127.0.0.1\nallow_anonymous true\n' "$port" > "$work/mosquitto.conf"
/usr/sbin/mosquitto -c "$work/mosquitto.conf" 2>"$work/mosquitto.log" &
broker_pid=$!
for _ in $(seq 50); do (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

"$agent" --elevator_id TS-MEASURE-1 --broker "127.0.0.1:$port" --outbox "$work/outbox.db" \
         --script firmware/examples/entrapment.script --sample_hz 10 2>"$work/agent.log" &
agent_pid=$!
start=$(date +%s.%N)
sleep "$seconds"
end=$(date +%s.%N)
[[ -d /proc/$agent_pid ]] || { echo "measure: the agent died:"; cat "$work/agent.log"; exit 1; }

rss_kib=$(awk '/^VmRSS:/ {print $2}' "/proc/$agent_pid/status")
hwm_kib=$(awk '/^VmHWM:/ {print $2}' "/proc/$agent_pid/status")
anon_kib=$(awk '/^RssAnon:/ {print $2}' "/proc/$agent_pid/status")
pss_kib=$(awk '/^Pss:/ {print $2}' "/proc/$agent_pid/smaps_rollup")
uss_kib=$(awk '/^Private_(Clean|Dirty):/ {s += $2} END {print s}' "/proc/$agent_pid/smaps_rollup")
read -r utime stime < <(awk '{print $14, $15}' "/proc/$agent_pid/stat")
tck=$(getconf CLK_TCK)
cpu=$(awk -v u="$utime" -v s="$stime" -v t="$tck" -v a="$start" -v b="$end" \
          'BEGIN { printf "%.3f", 100 * (u + s) / t / (b - a) }')
echo "agent resident after ${seconds} s at 10 Hz (budget 4096 KiB): VmRSS ${rss_kib} KiB, VmHWM ${hwm_kib} KiB,"
echo "  RssAnon ${anon_kib} KiB (own heap+stacks), USS ${uss_kib} KiB (private), PSS ${pss_kib} KiB"
echo "agent CPU: $((utime + stime)) ticks (1/${tck} s) in ${seconds} s = ${cpu} % of one core (budget 1 %)"
echo "comfort plays logged: $(grep -c 'comfort message played' "$work/agent.log" || true); agent log:"
sed 's/^/  /' "$work/agent.log" | head -8

if [[ -x build-arm64/bin/lw-agent ]]; then
  aarch64-linux-gnu-strip -o "$work/lw-agent.arm64" build-arm64/bin/lw-agent
  size=$(stat -c %s "$work/lw-agent.arm64")
  echo "stripped arm64 binary: ${size} bytes ($(awk -v s="$size" 'BEGIN { printf "%.2f", s / 1048576 }') MiB, budget 2 MiB)"
  echo "  shared libraries it needs (Debian arm64 packages):"
  for lib in $(aarch64-linux-gnu-readelf -d build-arm64/bin/lw-agent | awk -F'[][]' '/NEEDED/ {print $2}'); do
    f=$(readlink -f "/usr/lib/aarch64-linux-gnu/$lib" 2>/dev/null || true)
    [[ -f "$f" ]] && echo "    $lib $(stat -c %s "$f") bytes" || echo "    $lib (libc / toolchain)"
  done
else
  echo "stripped arm64 binary: build-arm64/ missing (run scripts/cross-arm64.sh)"
fi
