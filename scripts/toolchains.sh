#!/usr/bin/env bash
# Checks (and, as root, installs) the toolchains a build needs, by group.
#   scripts/toolchains.sh [--install] GROUP...
# Groups: java native windows wine samples msi
# Without --install, or when not root, prints the exact apt-get command for what is missing and
# exits 1. Never enables the i386 architecture (it breaks apt-get update on these machines).
set -euo pipefail

install=0
if [[ "${1:-}" == "--install" ]]; then install=1; shift; fi

declare -A PKGS=(
  [java]="openjdk-17-jdk-headless maven"
  [native]="gcc make cmake"
  [windows]="gcc-mingw-w64-x86-64 gcc-mingw-w64-i686 mingw-w64-tools libwine-dev"
  [wine]="wine64"
  [samples]="fpc mono-mcs mono-runtime"
  [msi]="wixl msitools"
)

# one probe per package: a command on PATH or a file
probe() {
  case "$1" in
    openjdk-17-jdk-headless) command -v javac >/dev/null && javac -version 2>&1 | grep -Eq 'javac (1[7-9]|2[0-9])' ;;
    maven) command -v mvn >/dev/null ;;
    gcc) command -v gcc >/dev/null ;;
    make) command -v make >/dev/null ;;
    cmake) command -v cmake >/dev/null ;;
    gcc-mingw-w64-x86-64) command -v x86_64-w64-mingw32-gcc >/dev/null ;;
    gcc-mingw-w64-i686) command -v i686-w64-mingw32-gcc >/dev/null ;;
    mingw-w64-tools) command -v x86_64-w64-mingw32-widl >/dev/null ;;
    libwine-dev) [[ -f /usr/include/wine/wine/windows/oaidl.idl ]] ;;
    wine64) command -v wine64 >/dev/null || [[ -x /usr/lib/wine/wine64 ]] ;;
    fpc) command -v fpc >/dev/null ;;
    mono-mcs) command -v mcs >/dev/null ;;
    mono-runtime) command -v mono >/dev/null ;;
    wixl) command -v wixl >/dev/null ;;
    msitools) command -v msiinfo >/dev/null && command -v msibuild >/dev/null ;;
    *) return 1 ;;
  esac
}

missing=()
for g in "$@"; do
  [[ -n "${PKGS[$g]+x}" ]] || { echo "toolchains.sh: unknown group '$g'" >&2; exit 2; }
  for p in ${PKGS[$g]}; do probe "$p" || missing+=("$p"); done
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
if [[ $install -eq 1 && $(id -u) -eq 0 ]]; then
  echo "Installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  still=()
  for p in "${missing[@]}"; do probe "$p" || still+=("$p"); done
  if [[ ${#still[@]} -gt 0 ]]; then echo "still missing after install: ${still[*]}" >&2; exit 1; fi
  exit 0
fi
echo "Missing toolchains: ${missing[*]}"
echo "Install them with (as root):"
echo "  $cmd"
exit 1
