#!/usr/bin/env bash
# Runs the 1C test host (a Windows build) under wine against a real emulator and host
# (tests/host_fixture.sh), host engine, with the project's wine harness (scripts/lib/wine.sh):
# the x64 build under the 64-bit loader, the x86 build under the 32-bit loader of a WoW64 prefix.
#
#   run_wine.sh x64|x86 <host_fixture.sh> <loymax-bridge.jar> <addin1c_host.exe> <add-in .dll>
#
# When that bitness cannot run here: a failure with LMX_STRICT=1, unless scripts/toolchains.sh
# recorded that the i386 packages cannot be had (then, like without LMX_STRICT, skipped: exit 77).
set -u
ARCH=$1 FIXTURE=$2 JAR=$3 HOST=$4 DLL=$5
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
# shellcheck source=../../../scripts/lib/wine.sh
. "$ROOT/scripts/lib/wine.sh"
gate=0
wine_gate "$ARCH" || gate=$?
case "$gate" in
  1) echo "FAIL run_wine.sh: $WINE_WHY"; exit 1 ;;
  2) echo "SKIPPED: $WINE_WHY"; exit 77 ;;
esac
# WINEPREFIX etc. come from CTest (the build tree's prefix, made on first use).
exec bash "$FIXTURE" "$JAR" "$(wine_loader "$ARCH")" "$HOST" "$(winpath "$DLL")" host
