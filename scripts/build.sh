#!/usr/bin/env bash
# Configures and builds Liftwatch (RelWithDebInfo) into build/, or into $LW_BUILD_DIR.
#
#   scripts/build.sh [--target NAME ...] [CMAKE_ARGUMENT ...]
#
# --target (repeatable) builds only those targets and what they need (scripts/demo.sh builds
# lw-center and lw-sim); without it, everything, the test suites included. The other arguments
# go to CMake when it configures the build directory (the first time only).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${LW_BUILD_DIR:-build}"
targets=()
cmake_args=()
while (($#)); do
  case "$1" in
    --target)
      [[ $# -ge 2 ]] || { echo "build.sh: --target needs a target name" >&2; exit 2; }
      targets+=(--target "$2")
      shift 2 ;;
    *) cmake_args+=("$1"); shift ;;
  esac
done
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
if [[ ! -f "$build_dir/CMakeCache.txt" ]]; then
  echo "build: configuring $build_dir (CMake, RelWithDebInfo)"
  cmake -S . -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo "${cmake_args[@]}" >/dev/null
fi
cmake --build "$build_dir" --parallel "$(nproc)" "${targets[@]}"
