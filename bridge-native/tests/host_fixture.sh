#!/usr/bin/env bash
# Runs a command against a real `loymax-bridge host` and emulator, started here on free ports in a
# temporary folder and stopped afterwards (also when this script is interrupted).
#
#   host_fixture.sh <loymax-bridge.jar> <command> [args…]
#
# The command gets, in its environment:
#   LMX_TEST_HOST_PORT, LMX_TEST_EMU_PORT   the ports (127.0.0.1)
#   LMX_TEST_TOKEN                          the host's token file, as a Windows path (Z:\…) for wine
#   LMX_TEST_TOKEN_UNIX                     the same, as a Linux path
#   LMX_TEST_REGDATA                        a dataDir for the register (a path for the host: Linux)
# Exit status: the command's.  Used by CTest for the wine64 test of the x64 DLL (lmx_hostwintest).
set -u
JAR=$1
shift
if ! command -v java >/dev/null 2>&1; then
  echo "FAIL host_fixture.sh: java is not on PATH" >&2
  exit 1
fi
if [ ! -f "$JAR" ]; then
  echo "FAIL host_fixture.sh: $JAR is missing" >&2
  exit 1
fi
D=$(mktemp -d "${TMPDIR:-/tmp}/lmx_hostfix.XXXXXX")
EMU_PID=
HOST_PID=
cleanup() {
  [ -n "$HOST_PID" ] && kill "$HOST_PID" 2>/dev/null
  [ -n "$EMU_PID" ] && kill "$EMU_PID" 2>/dev/null
  [ -n "$HOST_PID" ] && wait "$HOST_PID" 2>/dev/null
  [ -n "$EMU_PID" ] && wait "$EMU_PID" 2>/dev/null
  [ -z "${LMX_TEST_KEEP:-}" ] && rm -rf "$D"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

JOPTS=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto)
java "${JOPTS[@]}" -jar "$JAR" emulator --port 0 >"$D/emulator.out" 2>&1 </dev/null &
EMU_PID=$!
java "${JOPTS[@]}" -jar "$JAR" host --port 0 --data-dir "$D/hostdata" >"$D/host.out" 2>&1 </dev/null &
HOST_PID=$!

port_of() { # <file> <marker>: the port after 127.0.0.1: on the first line with marker
  grep -m1 "$2" "$1" 2>/dev/null | sed -n 's/.*127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p'
}
EMU_PORT=
HOST_PORT=
for _ in $(seq 1 600); do
  [ -z "$EMU_PORT" ] && EMU_PORT=$(port_of "$D/emulator.out" "register URL")
  [ -z "$HOST_PORT" ] && HOST_PORT=$(port_of "$D/host.out" "host listening on")
  [ -n "$EMU_PORT" ] && [ -n "$HOST_PORT" ] && break
  sleep 0.1
done
if [ -z "$EMU_PORT" ] || [ -z "$HOST_PORT" ]; then
  echo "FAIL host_fixture.sh: the emulator or the host did not start" >&2
  cat "$D/emulator.out" "$D/host.out" >&2
  exit 1
fi
TOKEN="$D/hostdata/host.token"
export LMX_TEST_HOST_PORT=$HOST_PORT LMX_TEST_EMU_PORT=$EMU_PORT LMX_TEST_TOKEN_UNIX=$TOKEN
export LMX_TEST_TOKEN="Z:${TOKEN//\//\\}" LMX_TEST_REGDATA="$D/regdata"
echo "host_fixture.sh: host 127.0.0.1:$HOST_PORT, emulator 127.0.0.1:$EMU_PORT"
"$@"
rc=$?
exit $rc
