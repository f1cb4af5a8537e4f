#!/usr/bin/env bash
# Checks dist/1c/LoymaxBridge1C.zip as 1C reads it: MANIFEST.XML declares one native library per
# platform (os, arch = i386/x86_64, type="native"), each declared file is in the ZIP, nothing else
# is, and each library exports the Native API entry points (Windows: objdump -p, undecorated;
# Linux: the dynamic symbol table).
#
#   check_zip.sh <LoymaxBridge1C.zip> <built-platforms file> <x86_64-w64-mingw32-objdump>
#
# Every platform listed in the built-platforms file must be in the ZIP; fewer than the three is a
# failure with LMX_STRICT=1 (CI) and a loud warning otherwise.
set -u
ZIP=$1 BUILT=$2 OBJDUMP=$3
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
fail() { echo "FAIL check_zip.sh: $*"; exit 1; }
[ -f "$ZIP" ] || fail "$ZIP is missing (bridge-native/scripts/build.sh dist makes it)"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
(cd "$T" && cmake -E tar xf "$ZIP") || fail "cannot extract $ZIP"
files=$(cd "$T" && find . -type f | sed 's|^\./||' | sort | tr '\n' ' ')
[ -f "$T/MANIFEST.XML" ] || fail "no MANIFEST.XML in the ZIP ($files)"
grep -q '<bundle xmlns="http://v8.1c.ru/8.2/addin/bundle">' "$T/MANIFEST.XML" || fail "MANIFEST.XML: no bundle element"
want="MANIFEST.XML"
n=0
for p in $(cat "$BUILT" 2>/dev/null); do
  case "$p" in
    linux-x64) f=libLoymaxBridge1C_x64.so os=Linux arch=x86_64 ;;
    windows-x64) f=LoymaxBridge1C_x64.dll os=Windows arch=x86_64 ;;
    windows-x86) f=LoymaxBridge1C_x86.dll os=Windows arch=i386 ;;
    *) continue ;;
  esac
  n=$((n + 1))
  want="$want $f"
  grep -q "<component os=\"$os\" path=\"$f\" type=\"native\" arch=\"$arch\"/>" "$T/MANIFEST.XML" \
    || fail "MANIFEST.XML does not declare $f ($os, $arch): $(cat "$T/MANIFEST.XML")"
  [ -f "$T/$f" ] || fail "$f declared but not in the ZIP"
  case "$os" in
    Windows)
      out=$(bash "$HERE/check_exports.sh" "$OBJDUMP" "$T/$f") || fail "$out"
      "$OBJDUMP" -f "$T/$f" | grep -q "file format pei-$([ "$arch" = i386 ] && echo i386 || echo x86-64)$" \
        || fail "$f is not a $arch PE file" ;;
    Linux)
      syms=$(objdump -T "$T/$f" | awk '$4 == ".text" {print $NF}' | sort | tr '\n' ' ')
      [ "$syms" = "DestroyObject GetAttachType GetClassNames GetClassObject SetPlatformCapabilities " ] \
        || fail "$f exports [$syms]"
      objdump -f "$T/$f" | grep -q "elf64-x86-64" || fail "$f is not an x86-64 ELF file" ;;
  esac
  echo "$f: $os $arch, entry points exported"
done
want_sorted=$(echo "$want" | tr ' ' '\n' | sort | tr '\n' ' ')
[ "$files" = "$want_sorted" ] || fail "the ZIP holds [$files], expected [$want_sorted]"
[ "$(grep -c '<component ' "$T/MANIFEST.XML")" = "$n" ] || fail "MANIFEST.XML declares other components: $(cat "$T/MANIFEST.XML")"
if [ "$n" -lt 3 ]; then
  [ "${LMX_STRICT:-0}" = "1" ] && fail "only $n of the 3 platforms were built (LMX_STRICT=1)"
  echo "WARNING: only $n of the 3 platforms were built: the ZIP lacks the others"
fi
echo "ADDIN1C ZIP PASS: $ZIP ($n platforms)"
