# Cross-compiling Liftwatch's board agent for arm64 (aarch64) on a Debian 12 amd64 host.
#
# Needs (scripts/setup.sh --arm64): crossbuild-essential-arm64, qemu-user-static and the :arm64
# -dev packages (multiarch: libraries in /usr/lib/aarch64-linux-gnu, headers shared in
# /usr/include). protoc stays the host's /usr/bin/protoc (same protobuf version as the target
# library). Test executables run under qemu-aarch64-static (CMAKE_CROSSCOMPILING_EMULATOR), so
# gtest discovery and ctest work without binfmt being registered.
#
#   cmake -S . -B build-arm64 -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-aarch64.cmake \
#         -DLW_BUILD_CENTER=OFF -DLW_BUILD_SIM=OFF
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(lw_triplet aarch64-linux-gnu)

set(CMAKE_C_COMPILER ${lw_triplet}-gcc)
set(CMAKE_CXX_COMPILER ${lw_triplet}-g++)
set(CMAKE_STRIP ${lw_triplet}-strip CACHE FILEPATH "strip for the target")

# Libraries and packages from the target's multiarch directories, programs from the host.
set(CMAKE_FIND_ROOT_PATH /usr/${lw_triplet} /usr/lib/${lw_triplet})
set(CMAKE_LIBRARY_ARCHITECTURE ${lw_triplet})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)
set(Protobuf_PROTOC_EXECUTABLE /usr/bin/protoc CACHE FILEPATH "host protoc")

# pkg-config: only the target's .pc files (otherwise the host's amd64 libmosquitto is found).
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/${lw_triplet}/pkgconfig:/usr/share/pkgconfig)
set(ENV{PKG_CONFIG_PATH} "")

# qemu-user without binfmt: the loader and libraries of the target live in /usr/aarch64-linux-gnu
# (libc from the cross toolchain) and /usr/lib/aarch64-linux-gnu (multiarch packages); the
# multiarch loader path /lib/ld-linux-aarch64.so.1 comes from libc6:arm64.
find_program(LW_QEMU_AARCH64 qemu-aarch64-static REQUIRED)
set(CMAKE_CROSSCOMPILING_EMULATOR ${LW_QEMU_AARCH64})
