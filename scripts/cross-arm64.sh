#!/usr/bin/env bash
# The board build: cross-compiles lw-agent and its tests for arm64 (aarch64) into build-arm64/
# and runs them under qemu-aarch64-static: the unit tests, plus the outbox and backend tests
# that need only files (the broker tests run natively in scripts/test.sh).
# Installs what it needs through scripts/setup.sh --arm64. Extra arguments go to ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --arm64
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
if [[ ! -f build-arm64/CMakeCache.txt ]]; then
  # MinSizeRel: the board's flash and RAM are what count (budget: stripped binary <= 2 MiB).
  cmake -S . -B build-arm64 "${generator[@]}" -DCMAKE_BUILD_TYPE=MinSizeRel \
        -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-aarch64.cmake \
        -DLW_BUILD_CENTER=OFF -DLW_BUILD_SIM=OFF >/dev/null
fi
cmake --build build-arm64 --parallel "$(nproc)"
file build-arm64/bin/lw-agent
cd build-arm64
ctest --output-on-failure --timeout 300 -j "$(nproc)" "$@"
