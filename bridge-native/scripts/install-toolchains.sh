#!/usr/bin/env bash
# Installs, from Debian's packages, exactly what bridge-native needs to build and test every
# platform on Linux (see docs/toolchain.md of the shared docs):
#   cmake                                  the build
#   gcc-mingw-w64-x86-64 gcc-mingw-w64-i686 Windows x64 / x86 cross compilers (+ dlltool, objdump)
#   mingw-w64-tools                        widl (type libraries for the COM object)
#   libwine-dev                            the .idl files widl needs
#   wine64                                 running the x64 Windows tests headless
# Never enables the i386 architecture (wine32 cannot be installed here; x86 builds are checked by
# their export tables).  As root it runs apt-get; otherwise it prints the command to run.
#
#   bridge-native/scripts/install-toolchains.sh [extra packages...]
# Later samples add: fpc mono-mcs mono-runtime (pass them as arguments).
set -euo pipefail

PACKAGES=(cmake gcc-mingw-w64-x86-64 gcc-mingw-w64-i686 mingw-w64-tools libwine-dev wine64 "$@")

if [ "$(id -u)" != "0" ]; then
  echo "Run as root (or with sudo):"
  echo "  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${PACKAGES[*]}"
  exit 0
fi

if dpkg -s "${PACKAGES[@]}" >/dev/null 2>&1; then
  echo "bridge-native toolchains already installed: ${PACKAGES[*]}"
  exit 0
fi
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${PACKAGES[@]}"
