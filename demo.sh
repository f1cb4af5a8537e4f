#!/usr/bin/env bash
# The demo: a register session against the built-in Loymax emulator.
# Builds the bridge (installing missing toolchains when run as root), then runs the C register
# program of bridge-native/demo through the native library (the C ABI, in-process JVM).
set -euo pipefail
cd "$(dirname "$0")"

if ! scripts/toolchains.sh --install java native; then
  echo "Install the toolchains above, then run ./demo.sh again." >&2
  exit 1
fi
echo "Building (first time: a few minutes for Maven dependencies)…"
LMX_STRICT=0 mvn -B -q -ntp package -DskipTests -Dlmx.native.windows=false >/dev/null
if [[ -x dist/linux-x64/lmx_demo ]]; then
  exec dist/linux-x64/lmx_demo
fi
exec java -jar dist/loymax-bridge.jar demo
