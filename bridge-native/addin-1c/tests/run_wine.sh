#!/usr/bin/env bash
# Runs the 1C test host (a Windows build) under wine against a real emulator and host
# (tests/host_fixture.sh), host engine.
#
#   run_wine.sh x64|x86 <wine loader> <host_fixture.sh> <loymax-bridge.jar> <addin1c_host.exe> <add-in .dll>
#
# The x86 build needs the 32-bit loader (/usr/lib/wine/wine, Debian wine32:i386).  When it is
# missing the test fails, unless scripts/toolchains.sh recorded that the i386 packages cannot be
# had on this machine (target/toolchains/wine32-skipped): then it is skipped (exit 77) with the reason.
set -u
ARCH=$1 WINE=$2 FIXTURE=$3 JAR=$4 HOST=$5 DLL=$6
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
if [ ! -x "$WINE" ]; then
  if [ "$ARCH" = "x86" ] && [ -f "$ROOT/target/toolchains/wine32-skipped" ]; then
    echo "SKIPPED: 32-bit Windows runs: $(cat "$ROOT/target/toolchains/wine32-skipped")"
    exit 77
  fi
  echo "FAIL run_wine.sh: the wine loader $WINE is not installed (scripts/toolchains.sh --install wine wine32)"
  exit 1
fi
winpath() { local p; p=$(readlink -f "$1"); echo "Z:${p//\//\\}"; }
exec bash "$FIXTURE" "$JAR" "$WINE" "$HOST" "$(winpath "$DLL")" host
