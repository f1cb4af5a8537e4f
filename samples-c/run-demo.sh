#!/usr/bin/env bash
# The C register demo end to end: starts the Loymax emulator on a free port, builds and runs
# dist/linux-x64/lmx_demo against it through the native library, stops the emulator.
#   samples-c/run-demo.sh         after: mvn -B package -DskipTests
# Exit status: the demo's (0 = PASS).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

"$root/samples-c/build.sh" >/dev/null

work="$(mktemp -d "${TMPDIR:-/tmp}/lmx-demo.XXXXXX")"
emu_pid=""
cleanup() {
  if [[ -n "$emu_pid" ]]; then kill "$emu_pid" 2>/dev/null || true; wait "$emu_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

java -jar dist/loymax-bridge.jar emulator --port 0 >"$work/emulator.out" 2>&1 </dev/null &
emu_pid=$!
url=""
for _ in $(seq 1 300); do     # up to 30 s
  url="$(sed -n 's/^Loymax emulator .* on \(http:[^ ]*\).*/\1/p' "$work/emulator.out" | head -1)"
  [[ -n "$url" ]] && break
  kill -0 "$emu_pid" 2>/dev/null || { cat "$work/emulator.out" >&2; echo "run-demo.sh: the emulator did not start" >&2; exit 1; }
  sleep 0.1
done
[[ -n "$url" ]] || { cat "$work/emulator.out" >&2; echo "run-demo.sh: the emulator did not print its URL" >&2; exit 1; }
echo "Loymax emulator on $url (demo register demo-partner/reg01)"
echo

config="{\"url\":\"$url\",\"partner\":\"demo-partner\",\"login\":\"reg01\",\"password\":\"secret\",\"dataDir\":\"$work/data\"}"
set +e
dist/linux-x64/lmx_demo "$config"
rc=$?
set -e
exit $rc
