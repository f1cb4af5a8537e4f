#!/usr/bin/env bash
# Every external command the project's scripts call has an install step, and is installed.
#
#   scripts/check-commands.sh [GROUP...]     (default: every group of scripts/toolchains.sh)
#
# 1. Reads every shell script of the repository (scripts/lib/shell_commands.py: bash's own parse,
#    then the command words) and fails for each command that the command table of
#    scripts/toolchains.sh does not list, naming the script: a new tool cannot enter the tests
#    without the package that installs it on a fresh CI machine.
# 2. Checks that every command of the table in GROUP… is on the PATH (scripts/toolchains.sh
#    --commands), naming the package of each missing one.
# Commands reached only indirectly (through a variable, or from CMake and C/Java tests) are listed in
# the table by hand.  Prints PASS/FAIL lines; exit status 1 on any failure.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
groups=("$@")
[[ ${#groups[@]} -gt 0 ]] || groups=(base java native windows wine wine32 samples msi browser prometheus)
rc=0

mapfile -t scripts < <( { git ls-files '*.sh' 2>/dev/null || find . -name '*.sh' -not -path './target/*'; \
                          echo test.sh; echo demo.sh; echo .ci/run; } | sort -u | while read -r f; do [[ -f $f ]] && echo "$f"; done)
if ! found="$(python3 scripts/lib/shell_commands.py "${scripts[@]}")"; then
  echo "FAIL: the scripts could not be read (scripts/lib/shell_commands.py)"
  exit 1
fi
unknown=()
while IFS=$'\t' read -r cmd where; do
  [[ -n "$cmd" ]] || continue
  scripts/toolchains.sh --package-of "$cmd" >/dev/null || unknown+=("$cmd (called in ${where%:*})")
done < <(sort -u -t$'\t' -k1,1 <<<"$found")
if [[ ${#unknown[@]} -gt 0 ]]; then
  for u in "${unknown[@]}"; do
    echo "FAIL: $u has no install step: add it to the COMMANDS table of scripts/toolchains.sh with its Debian package (dpkg -S \"\$(command -v ${u%% *})\")"
  done
  rc=1
else
  echo "PASS: the $(cut -f1 <<<"$found" | sort -u | wc -l) commands the ${#scripts[@]} scripts call are all in the command table of scripts/toolchains.sh"
fi
scripts/toolchains.sh --commands "${groups[@]}" || rc=1
exit $rc
