# Free Pascal for Windows x64 and x86 (Delphi-mode samples), built from Debian's fpc-source.
# Source it:   . "$root/scripts/lib/fpc-win.sh"
#
#   fpc_win ARCH ARGS…     compiles for ARCH (x64 | x86) with the Windows RTL on the unit path:
#                          x64: fpc -Twin64 …;  x86: a ppc386 cross compiler -Twin32 …
#   fpc_win_prepare ARCH   builds what fpc_win needs, once (cached under target/fpc-rtl/); prints
#                          why on stderr and returns 1 when it cannot
#   fpc_win_packages_args  -Fu/-Fi for ComObj, Variants, ActiveX … from fpc-source's packages
#
# Why: Debian ships the Linux units only.  The win64 RTL is rebuilt from fpc-source with the installed
# ppcx64 (about 4 s); win32 first needs an i386 compiler: ppc386 is built from fpc-source's compiler
# (about 6 s; the message files it needs come with fp-compiler, not fpc-source), then the win32 RTL
# with it (about 4 s).  The output runs under wine (scripts/lib/wine.sh).

_fpc_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

_fpc_cache() {   # ARCH -> the cache folder
  local ver
  ver="$(fpc -iV)"
  case "$1" in
    x64) echo "$_fpc_root/target/fpc-rtl/$ver-x86_64-win64" ;;
    x86) echo "$_fpc_root/target/fpc-rtl/$ver-i386-win32" ;;
  esac
}

fpc_win_prepare() {
  local arch=$1 ver src cache cpu os ppc log
  command -v fpc >/dev/null 2>&1 || { echo "fpc is not installed (scripts/toolchains.sh --install samples)" >&2; return 1; }
  ver="$(fpc -iV)"
  src="/usr/share/fpcsrc/$ver"
  cache="$(_fpc_cache "$arch")"
  case "$arch" in
    x64) cpu=x86_64 os=win64 ;;
    x86) cpu=i386 os=win32 ;;
    *) echo "fpc_win_prepare: unknown architecture '$arch'" >&2; return 1 ;;
  esac
  [[ -f "$cache/units/$cpu-$os/system.ppu" && ( $arch == x64 || -x "$cache/ppc386" ) ]] && return 0
  [[ -d "$src/rtl" && -d "$src/compiler" ]] || { echo "$src is missing (Debian package fpc-source)" >&2; return 1; }
  command -v fpcmake >/dev/null 2>&1 && command -v make >/dev/null 2>&1 || { echo "fpcmake or make is missing" >&2; return 1; }
  log="$_fpc_root/target/fpc-rtl/build-$ver-$cpu-$os.log"
  rm -rf "$cache" && mkdir -p "$cache"
  cp -r "$src/rtl" "$src/compiler" "$cache/"
  ppc=/usr/bin/ppcx64
  if [[ $arch == x86 ]]; then
    local msg="/usr/lib/x86_64-linux-gnu/fpc/$ver/msg"
    [[ -d $msg ]] || { echo "$msg is missing (Debian package fp-compiler-$ver)" >&2; return 1; }
    cp -r "$msg" "$cache/compiler/msg"
    # only the compiler itself: the utils folder of fpc-source has no Makefile
    if ! (cd "$cache/compiler" && fpcmake -Tall && make -j2 compiler PPC_TARGET=i386 FPC=/usr/bin/ppcx64) >"$log" 2>&1 \
       || [[ ! -x "$cache/compiler/ppc386" ]]; then
      echo "building ppc386 from fpc-source failed: $log" >&2; rm -rf "$cache"; return 1
    fi
    cp "$cache/compiler/ppc386" "$cache/ppc386"
    ppc="$cache/ppc386"
  fi
  if ! (cd "$cache/rtl" && fpcmake -Tall -r \
        && printf 'CPUNAMES=%s\nCPUINCNAMES=$(addsuffix .inc,$(CPUNAMES))\n' "$cpu" >"$cpu/makefile.cpu" \
        && make -j2 all OS_TARGET=$os CPU_TARGET=$cpu FPC="$ppc") >>"$log" 2>&1; then
    echo "building the $os RTL from fpc-source failed: $log" >&2; rm -rf "$cache"; return 1
  fi
  mkdir -p "$cache/units" && mv "$cache/rtl/units/$cpu-$os" "$cache/units/"
  rm -rf "$cache/rtl" "$cache/compiler"
}

fpc_win() {
  local arch=$1 cache
  shift
  cache="$(_fpc_cache "$arch")"
  case "$arch" in
    x64) fpc -Twin64 -Fu"$cache/units/x86_64-win64" "$@" ;;
    x86) "$cache/ppc386" -Twin32 -Fu"$cache/units/i386-win32" "$@" ;;
  esac
}

fpc_win_packages_args() {
  local pk
  pk="/usr/share/fpcsrc/$(fpc -iV)/packages"
  echo "-Fu$pk/rtl-objpas/src/win -Fu$pk/rtl-objpas/src/inc -Fu$pk/rtl-objpas/src/common" \
       "-Fi$pk/rtl-objpas/src/win -Fi$pk/rtl-objpas/src/inc -Fi$pk/rtl-objpas/src/common" \
       "-Fu$pk/winunits-base/src -Fi$pk/winunits-base/src" \
       "-Fu$pk/fcl-base/src -Fi$pk/fcl-base/src -Fu$pk/fcl-registry/src -Fi$pk/fcl-registry/src" \
       "-Fu$pk/fcl-xml/src -Fi$pk/fcl-xml/src"
}
