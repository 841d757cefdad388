#!/usr/bin/env bash
# Installs every Debian package the build, the tests and the demo need. Idempotent, and fast
# when everything is already there (one dpkg-query, no apt-get).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  mosquitto mosquitto-clients libmosquitto-dev
  protobuf-compiler libprotobuf-dev
  libsqlite3-dev sqlite3 libsqlitecpp-dev
  libssl-dev                               # SHA-256 of the center's timeline chain (libcrypto)
  libboost-dev libboost-program-options-dev nlohmann-json3-dev
  libgtest-dev googletest
  libgpiod-dev libasound2-dev
  openssl                                  # test certificates (lw-agent TLS test)
)
if [[ "${1:-}" == "--sanitize" ]]; then
  packages+=(clang libclang-rt-14-dev)     # scripts/test.sh --sanitize: ASan + UBSan runtimes
fi
if [[ "${1:-}" == "--arm64" ]]; then
  packages+=(crossbuild-essential-arm64 qemu-user-static
             libmosquitto-dev:arm64 libprotobuf-dev:arm64 libsqlite3-dev:arm64 libsqlitecpp-dev:arm64
             libgtest-dev:arm64 libgpiod-dev:arm64 libasound2-dev:arm64 libboost-program-options-dev:arm64
             protobuf-compiler)
fi

missing=()
# "pkg" means the native (or arch-all) package; "pkg:arm64" that architecture's. (With arm64
# added, dpkg-query lists both architectures of a plain name.)
native_arch=$(dpkg --print-architecture)
for p in "${packages[@]}"; do
  want="$native_arch"
  [[ "$p" == *:* ]] && want="${p#*:}"
  dpkg-query -W -f='${Architecture} ${db:Status-Status}\n' "$p" 2>/dev/null |
    awk -v want="$want" '$2 == "installed" && ($1 == want || $1 == "all") { found = 1 } END { exit !found }' ||
    missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
echo "setup: installing ${missing[*]}"
if [[ "${1:-}" == "--arm64" ]] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
  $SUDO dpkg --add-architecture arm64
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"
