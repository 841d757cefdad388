#!/usr/bin/env bash
# The whole test suite: installs what it needs, builds, runs every CTest test (unit and
# integration; integration tests start their own mosquitto on a free loopback port).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
scripts/cross-arm64.sh  # the board: lw-agent cross-built for arm64, its tests run under qemu
cd build
ctest --output-on-failure --timeout 300 -j "$(nproc)" "$@"
