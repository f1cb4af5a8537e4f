#!/usr/bin/env bash
# Builds the C register demo against the built library: dist/linux-x64/lmx_demo (rpath $ORIGIN, so
# it finds libloymax_bridge.so beside itself; the library finds loymax-bridge.jar beside itself).
#   samples-c/build.sh            after: mvn -B package -DskipTests
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/dist/linux-x64"
if [[ ! -f "$out/libloymax_bridge.so" ]]; then
  echo "build.sh: $out/libloymax_bridge.so is missing: build the bridge first (mvn -B package -DskipTests)" >&2
  exit 1
fi
inc="$root/bridge-native/include"
[[ -f "$out/loymax_bridge.h" ]] && inc="$out"
gcc -std=c99 -O2 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L \
    -I"$inc" "$root/samples-c/register_demo.c" \
    -L"$out" -lloymax_bridge -Wl,-rpath,'$ORIGIN' -o "$out/lmx_demo"
echo "built $out/lmx_demo"
