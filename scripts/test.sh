#!/usr/bin/env bash
# The whole test suite: installs what it needs, builds, runs every CTest test (unit and
# integration; integration tests start their own mosquitto on a free loopback port).
#
#   scripts/test.sh [CTEST_ARGUMENT ...]
#   scripts/test.sh --sanitize [CTEST_ARGUMENT ...]
#
# --sanitize: the same suites built with clang under AddressSanitizer and UndefinedBehaviorSanitizer
# into build-sanitize/ (any finding fails its test: -fno-sanitize-recover), without the arm64
# cross step. Third-party findings only are suppressed, each with its reason, in
# scripts/sanitize/*.supp.
set -euo pipefail
cd "$(dirname "$0")/.."
sanitize=0
if [[ "${1:-}" == "--sanitize" ]]; then
  sanitize=1
  shift
fi
if ((sanitize == 0)); then
  scripts/setup.sh
  scripts/build.sh
  scripts/cross-arm64.sh  # the board: lw-agent cross-built for arm64, its tests run under qemu
  cd build
  ctest --output-on-failure --timeout 300 -j "$(nproc)" "$@"
  exit 0
fi

scripts/setup.sh --sanitize
flags="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
CC=clang CXX=clang++ LW_BUILD_DIR=build-sanitize scripts/build.sh \
  -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=address,undefined"
supp="$PWD/scripts/sanitize"
# Programs the tests start (lw-center, lw-agent, lw-sim) inherit these.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1"
export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$supp/ubsan.supp"
cd build-sanitize
ctest --output-on-failure --timeout 600 -j "$(nproc)" "$@"
