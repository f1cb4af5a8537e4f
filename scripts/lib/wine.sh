# The wine harness shared by every test that runs Windows code, for both bitnesses.
# Source it:   . "$root/scripts/lib/wine.sh"
#
# Debian's wine with wine32:i386 makes a WoW64 prefix: C:\windows\system32 holds the 64-bit programs,
# C:\windows\syswow64 the 32-bit ones, and the registry has a 64- and a 32-bit view.  The trap: once
# wine32 is installed, plain `wine cscript` starts the 32-bit cscript, so nothing here calls `wine`
# for a program whose bitness matters — every call names its loader:
#   wine_run x64 PROGRAM ARGS…   /usr/lib/wine/wine64 (64-bit programs; builtins from system32)
#   wine_run x86 PROGRAM ARGS…   /usr/lib/wine/wine   (32-bit programs; builtins from syswow64)
#
# Functions:
#   wine_available ARCH        0 when ARCH (x64|x86) can run here; else sets WINE_WHY and returns 1
#   wine_gate ARCH             what a test does when ARCH cannot run: returns 0 (run), 1 (fail: strict
#                              mode and no recorded reason) or 2 (skip).  x86 is skipped in strict mode
#                              only when scripts/toolchains.sh recorded that the i386 package lists
#                              could not be fetched (target/toolchains/wine32-skipped); the reason is
#                              in WINE_WHY and one loud WARNING line is printed once per process.
#   wine_loader ARCH           the loader's path
#   wine_run ARCH PROG ARGS…   runs PROG (a .exe path or a builtin: cscript, regsvr32, reg, msiexec, cmd…)
#   wine_prefix_init DIR       a fresh prefix in DIR (both bitnesses when wine32 is installed); exports
#                              WINEPREFIX, WINEDEBUG=-all, WINEDLLOVERRIDES (no mono/gecko dialogs),
#                              unsets DISPLAY; returns 1 if wineboot failed (log in DIR.wineboot.log)
#   wine_use_prefix DIR        exports the same variables for an existing prefix
#   winpath PATH               the Windows form of a Linux path (Z:\…)
#   wine_view ARCH             the registry view of ARCH: 64 or 32
#   wine_other ARCH            the other bitness
#   wine_sysdir ARCH           System32 or SysWOW64 (as a Windows program of the other bitness names it)
#   wine_pe_arch FILE          x64 or x86 from the PE header (empty if not a PE file)

# (LMX_WINE_LOADER_X86 / _X64 override the loaders: pointing one at a missing file shows what the
# tests do on a machine without that bitness)
WINE_LOADER_X64=${LMX_WINE_LOADER_X64:-/usr/lib/wine/wine64}
WINE_LOADER_X86=${LMX_WINE_LOADER_X86:-/usr/lib/wine/wine}
WINE_WHY=""
_wine_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
_wine_warned=0

wine_loader() { case "$1" in x64) echo "$WINE_LOADER_X64" ;; x86) echo "$WINE_LOADER_X86" ;; *) return 1 ;; esac; }
wine_view() { [[ $1 == x64 ]] && echo 64 || echo 32; }
wine_other() { [[ $1 == x64 ]] && echo x86 || echo x64; }
wine_sysdir() { [[ $1 == x64 ]] && echo System32 || echo SysWOW64; }
winpath() { echo "Z:${1//\//\\}"; }

wine_available() {
  local arch=$1 t
  WINE_WHY=""
  for t in wineserver wineboot; do
    command -v "$t" >/dev/null 2>&1 || { WINE_WHY="$t is not on the PATH (Debian package: wine; scripts/toolchains.sh --install wine)"; return 1; }
  done
  case "$arch" in
    x64)
      [[ -x $WINE_LOADER_X64 ]] || { WINE_WHY="$WINE_LOADER_X64 is missing (Debian package: wine64; scripts/toolchains.sh --install wine)"; return 1; } ;;
    x86)
      if [[ ! -x $WINE_LOADER_X86 || ! -d /usr/lib/i386-linux-gnu/wine/i386-windows ]]; then
        WINE_WHY="32-bit wine is not installed (Debian package: wine32:i386 after dpkg --add-architecture i386; scripts/toolchains.sh --install wine32)"
        return 1
      fi ;;
    *) WINE_WHY="unknown architecture '$arch'"; return 1 ;;
  esac
  return 0
}

wine_gate() {
  local arch=$1 skipfile="$_wine_root/target/toolchains/wine32-skipped"
  wine_available "$arch" && return 0
  if [[ $arch == x86 && -s $skipfile ]]; then
    WINE_WHY="$(cat "$skipfile")"
    if [[ $_wine_warned == 0 ]]; then
      echo "WARNING: 32-bit Windows runs skipped: $WINE_WHY" >&2
      _wine_warned=1
    fi
    return 2
  fi
  [[ "${LMX_STRICT:-0}" == 1 ]] && return 1
  return 2
}

wine_run() {
  local arch=$1 prog=$2
  shift 2
  local loader
  loader="$(wine_loader "$arch")" || { echo "wine_run: unknown architecture '$arch'" >&2; return 2; }
  # a builtin of the other bitness's folder must be named with its full path: wine64 finds system32's
  # copy, the 32-bit loader syswow64's (where both exist, the name alone picks the loader's own)
  "$loader" "$prog" "$@"
}

wine_use_prefix() {
  export WINEPREFIX="$1" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
  unset DISPLAY WAYLAND_DISPLAY
}

wine_prefix_init() {
  local dir=$1
  wine_use_prefix "$dir"
  rm -rf "$dir" && mkdir -p "$dir"
  # the 64-bit loader makes a WoW64 prefix when 32-bit wine is installed, a 64-bit-only one otherwise
  if "$WINE_LOADER_X64" wineboot -i >"$dir.wineboot.log" 2>&1 && wineserver -w; then
    [[ -d "$dir/drive_c/windows/system32" ]]
  else
    return 1
  fi
}

wine_pe_arch() {
  local f=$1 pe machine
  [[ "$(head -c 2 "$f" 2>/dev/null)" == MZ ]] || return 0
  pe=$(od -An -tu4 -j 60 -N4 "$f" | tr -d ' ')
  machine=$(od -An -tu2 -j $((pe + 4)) -N2 "$f" | tr -d ' ')
  case "$machine" in 34404) echo x64 ;; 332) echo x86 ;; esac
}
