#!/usr/bin/env bash
# The demo: register sessions against the built-in Loymax emulator, through the native library.
# Builds the bridge (installing missing toolchains when run as root), then samples-c/run-demo.sh
# builds the C register program (samples-c/register_demo.c -> dist/linux-x64/lmx_demo, in-process
# JVM) and runs it in three phases: an online purchase; two sales with the emulator stopped (queued
# offline); the emulator restarted, the queue forwarded and the balances checked.
set -euo pipefail
cd "$(dirname "$0")"

if ! scripts/toolchains.sh --install java native; then
  echo "Install the toolchains above, then run ./demo.sh again." >&2
  exit 1
fi
echo "Building (first time: a few minutes for Maven dependencies)…"
LMX_STRICT=0 LMX_PLATFORMS=linux-x64 mvn -B -q -ntp package -DskipTests >/dev/null
exec samples-c/run-demo.sh
