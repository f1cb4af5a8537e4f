#!/usr/bin/env bash
# Checks the export table of a Windows build of the 1C add-in (objdump -p): exactly the five
# Native API entry points, under their plain names (the platform looks them up by these names;
# an x86 __stdcall decoration such as _GetClassObject@8 would hide them).
#
#   check_exports.sh <objdump> <LoymaxBridge1C_*.dll>
set -u
OBJDUMP=$1 DLL=$2
want="DestroyObject GetAttachType GetClassNames GetClassObject SetPlatformCapabilities"
table=$("$OBJDUMP" -p "$DLL" | sed -n '/\[Ordinal\/Name Pointer\] Table/,/^$/p' | grep -v 'Name Pointer' | sed -n 's/.*\] \(.*\)$/\1/p' | sort | tr '\n' ' ')
table=${table% }
if [ "$table" != "$want" ]; then
  echo "FAIL $DLL exports [$table], expected [$want]"
  exit 1
fi
echo "$DLL: $table"
echo "ADDIN1C EXPORTS PASS"
