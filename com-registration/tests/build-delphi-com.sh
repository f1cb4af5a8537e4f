#!/usr/bin/env bash
# Builds samples-delphi/ComSession.dpr for Windows x64 with Free Pascal (-Mdelphi), the way
# scripts/run-samples.sh builds the C ABI sample: the win64 RTL is rebuilt from fpc-source once
# (cached in target/fpc-rtl/), and ComObj/Variants/ActiveX are compiled from fpc-source's packages.
#   com-registration/tests/build-delphi-com.sh OUTDIR     -> OUTDIR/ComSession.exe
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
outdir="${1:?usage: build-delphi-com.sh OUTDIR}"
export LC_ALL=C.UTF-8             # Free Pascal converts string literals through the locale's charset
ver="$(fpc -iV)"
src="/usr/share/fpcsrc/$ver"
rtl="$root/target/fpc-rtl/$ver-x86_64-win64"
if [[ ! -f "$rtl/units/x86_64-win64/system.ppu" ]]; then
  echo "building the Free Pascal win64 RTL from $src (once)"
  rm -rf "$rtl" && mkdir -p "$rtl"
  cp -r "$src/rtl" "$src/compiler" "$rtl/"
  (cd "$rtl/rtl" && fpcmake -Tall -r \
     && printf 'CPUNAMES=x86_64\nCPUINCNAMES=$(addsuffix .inc,$(CPUNAMES))\n' > x86_64/makefile.cpu \
     && make -j2 all OS_TARGET=win64 CPU_TARGET=x86_64 FPC=/usr/bin/ppcx64)
  mkdir -p "$rtl/units" && mv "$rtl/rtl/units/x86_64-win64" "$rtl/units/"
  rm -rf "$rtl/rtl" "$rtl/compiler"
fi
pk="$src/packages"
mkdir -p "$outdir/units"
fpc -Twin64 -Mdelphi -O2 -vewn -Fu"$rtl/units/x86_64-win64" \
    -Fu"$pk/rtl-objpas/src/win" -Fu"$pk/rtl-objpas/src/inc" -Fu"$pk/rtl-objpas/src/common" \
    -Fi"$pk/rtl-objpas/src/win" -Fi"$pk/rtl-objpas/src/inc" -Fi"$pk/rtl-objpas/src/common" \
    -Fu"$pk/winunits-base/src" -Fi"$pk/winunits-base/src" \
    -Fu"$pk/fcl-base/src" -Fi"$pk/fcl-base/src" -Fu"$pk/fcl-registry/src" -Fi"$pk/fcl-registry/src" \
    -Fu"$pk/fcl-xml/src" -Fi"$pk/fcl-xml/src" \
    -FU"$outdir/units" -FE"$outdir" "$root/samples-delphi/ComSession.dpr"
[[ "$(objdump -f "$outdir/ComSession.exe")" == *pei-x86-64* ]] && echo "built $outdir/ComSession.exe (win64)"
