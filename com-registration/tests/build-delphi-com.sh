#!/usr/bin/env bash
# Builds samples-delphi/ComSession.dpr for Windows x64 or x86 with Free Pascal (-Mdelphi), the way
# scripts/run-samples.sh builds the C ABI sample: the Windows RTL (and for x86 the ppc386 compiler) is
# built from fpc-source once (scripts/lib/fpc-win.sh, cached in target/fpc-rtl/), and
# ComObj/Variants/ActiveX are compiled from fpc-source's packages.
#   com-registration/tests/build-delphi-com.sh OUTDIR [x64|x86]     -> OUTDIR/ComSession.exe
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
outdir="${1:?usage: build-delphi-com.sh OUTDIR [x64|x86]}"
arch="${2:-x64}"
export LC_ALL=C.UTF-8             # Free Pascal converts string literals through the locale's charset
. "$root/scripts/lib/fpc-win.sh"
. "$root/scripts/lib/wine.sh"
fpc_win_prepare "$arch"
mkdir -p "$outdir/units"
# shellcheck disable=SC2046
fpc_win "$arch" -Mdelphi -O2 -vewn $(fpc_win_packages_args) \
    -FU"$outdir/units" -FE"$outdir" "$root/samples-delphi/ComSession.dpr"
[[ "$(wine_pe_arch "$outdir/ComSession.exe")" == "$arch" ]] && echo "built $outdir/ComSession.exe ($arch)"
