#!/usr/bin/env bash
# Checks (and, as root, installs) what the build and the tests call, by group.
#
#   scripts/toolchains.sh [--install] GROUP...     check (and install) the groups' packages
#   scripts/toolchains.sh --commands GROUP...      check that every command of the table below in
#                                                  these groups is installed and name the package of
#                                                  each one that is missing; exit 1 if any is
#                                                  (scripts/check-commands.sh also checks that the
#                                                  table lists every command the scripts call)
#   scripts/toolchains.sh --package-of COMMAND     the Debian package that provides COMMAND
#
# Groups: base java native fuzz windows wine wine32 samples msi browser prometheus
#
# Without --install, or when not root, prints the exact apt-get command for what is missing and
# exits 1.  The wine32 group needs Debian's i386 architecture: --install enables it
# (dpkg --add-architecture i386) and installs wine32:i386.  When the i386 package lists cannot be
# fetched, it removes the architecture again (so apt-get keeps working for everything else),
# prints one loud "WARNING: 32-bit Windows runs skipped: <reason>" line, writes the reason to
# target/toolchains/wine32-skipped and exits 0: the test harness (scripts/lib/wine.sh) then skips
# only the 32-bit runs.  Every other missing package is an error.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state="$root/target/toolchains"
wine32_skip_file="$state/wine32-skipped"

declare -A PKGS=(
  [base]="python3 curl git"
  [java]="openjdk-17-jdk-headless maven"
  [native]="gcc g++ make cmake"
  [fuzz]="clang libclang-rt-14-dev"
  [windows]="gcc-mingw-w64-x86-64 gcc-mingw-w64-i686 mingw-w64-tools libwine-dev"
  [wine]="wine wine64"
  [wine32]="wine32:i386"
  [samples]="fpc fpc-source mono-mcs mono-runtime zip unzip systemd"
  [msi]="wixl msitools"
  # the console's browser test (bridge-java/cli ConsoleBrowserTest: Selenium drives Debian's headless Chromium)
  [browser]="chromium chromium-driver"
  # the fleet test (scripts/fleet-test.sh): a real Prometheus scrapes a host; promtool checks and unit-tests
  # the alert rules (Debian 12: 2.42, promtool in the same package)
  [prometheus]="prometheus"
)

# Every external command the scripts, CMake files and poms call, with the package that provides it
# on Debian 12 (checked with dpkg -S).  scripts/check-commands.sh fails when a script calls a
# command that is not in this table, so a new tool cannot arrive without its install step.
# Format: command package group.  The base group's packages are Essential or Priority: required on Debian
# (every machine has them); those it installs are in PKGS[base].
COMMANDS="
bash bash base
cat coreutils base
chmod coreutils base
chown coreutils base
comm coreutils base
cp coreutils base
cut coreutils base
date coreutils base
dd coreutils base
basename coreutils base
dirname coreutils base
env coreutils base
head coreutils base
ls coreutils base
mkdir coreutils base
mktemp coreutils base
mv coreutils base
nproc coreutils base
od coreutils base
paste coreutils base
readlink coreutils base
mkfifo coreutils base
sh dash base
rm coreutils base
seq coreutils base
sha1sum coreutils base
sha256sum coreutils base
sleep coreutils base
sort coreutils base
stat coreutils base
tail coreutils base
tee coreutils base
timeout coreutils base
touch coreutils base
tr coreutils base
wc coreutils base
awk mawk base
sed sed base
grep grep base
diff diffutils base
find findutils base
xargs findutils base
getent libc-bin base
iconv libc-bin base
setpriv util-linux base
su util-linux base
dpkg dpkg base
apt-get apt base
apt-cache apt base
python3 python3 base
curl curl base
git git base
java openjdk-17-jre-headless java
javac openjdk-17-jdk-headless java
jar openjdk-17-jdk-headless java
mvn maven java
gcc gcc native
cc gcc native
g++ g++ native
make make native
cmake cmake native
ctest cmake native
objdump binutils native
clang clang fuzz
x86_64-w64-mingw32-gcc gcc-mingw-w64-x86-64 windows
x86_64-w64-mingw32-windres binutils-mingw-w64-x86-64 windows
x86_64-w64-mingw32-objdump binutils-mingw-w64-x86-64 windows
x86_64-w64-mingw32-dlltool binutils-mingw-w64-x86-64 windows
x86_64-w64-mingw32-widl mingw-w64-tools windows
i686-w64-mingw32-gcc gcc-mingw-w64-i686 windows
i686-w64-mingw32-windres binutils-mingw-w64-i686 windows
i686-w64-mingw32-objdump binutils-mingw-w64-i686 windows
i686-w64-mingw32-dlltool binutils-mingw-w64-i686 windows
i686-w64-mingw32-widl mingw-w64-tools windows
wine wine wine
wineserver wine wine
wineboot wine wine
winepath wine wine
/usr/lib/wine/wine64 wine64 wine
/usr/lib/wine/wine wine32:i386 wine32
fpc fpc samples
fpcmake fpc-3.2.2 samples
ppcx64 fp-compiler-3.2.2 samples
mcs mono-mcs samples
mono mono-runtime samples
zip zip samples
unzip unzip samples
systemd-analyze systemd samples
wixl wixl msi
msiinfo msitools msi
msibuild msitools msi
chromium chromium browser
chromedriver chromium-driver browser
prometheus prometheus prometheus
promtool prometheus prometheus
"

package_of() { awk -v c="$1" '$1 == c { print $2; exit }' <<<"$COMMANDS"; }

# one probe per package: a command on PATH or a file
probe() {
  case "$1" in
    python3) command -v python3 >/dev/null ;;
    curl) command -v curl >/dev/null ;;
    git) command -v git >/dev/null ;;
    openjdk-17-jdk-headless) command -v javac >/dev/null && javac -version 2>&1 | grep -Eq 'javac (1[7-9]|2[0-9])' ;;
    maven) command -v mvn >/dev/null ;;
    gcc) command -v gcc >/dev/null ;;
    g++) command -v g++ >/dev/null ;;
    make) command -v make >/dev/null ;;
    cmake) command -v cmake >/dev/null ;;
    clang) command -v clang >/dev/null ;;
    # libFuzzer's runtime for clang 14 (-fsanitize=fuzzer)
    libclang-rt-14-dev) [[ -f /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a ]] || compgen -G "/usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a" >/dev/null ;;
    gcc-mingw-w64-x86-64) command -v x86_64-w64-mingw32-gcc >/dev/null ;;
    gcc-mingw-w64-i686) command -v i686-w64-mingw32-gcc >/dev/null ;;
    mingw-w64-tools) command -v x86_64-w64-mingw32-widl >/dev/null && command -v i686-w64-mingw32-widl >/dev/null ;;
    libwine-dev) [[ -f /usr/include/wine/wine/windows/oaidl.idl ]] ;;
    # `wine` puts wine, wineserver, wineboot, winepath on the PATH; `wine64` alone does not
    wine) command -v wine >/dev/null && command -v wineserver >/dev/null && command -v wineboot >/dev/null ;;
    wine64) [[ -x /usr/lib/wine/wine64 ]] && [[ -f /usr/lib/x86_64-linux-gnu/wine/x86_64-windows/stdole2.tlb ]] ;;
    # the 32-bit loader and the 32-bit Windows DLLs (the syswow64 side of a WoW64 prefix)
    wine32:i386) [[ -x /usr/lib/wine/wine ]] && [[ -d /usr/lib/i386-linux-gnu/wine/i386-windows ]] ;;
    fpc) command -v fpc >/dev/null ;;
    fpc-source) command -v fpc >/dev/null && [[ -d "/usr/share/fpcsrc/$(fpc -iV)/rtl" ]] ;;
    mono-mcs) command -v mcs >/dev/null ;;
    mono-runtime) command -v mono >/dev/null ;;
    zip) command -v zip >/dev/null ;;
    unzip) command -v unzip >/dev/null ;;
    # systemd-analyze verify checks the Linux service unit (scripts/run-samples.sh); no systemd needs to run
    systemd) command -v systemd-analyze >/dev/null ;;
    wixl) command -v wixl >/dev/null ;;
    msitools) command -v msiinfo >/dev/null && command -v msibuild >/dev/null ;;
    chromium) [[ -x /usr/bin/chromium ]] ;;
    chromium-driver) [[ -x /usr/bin/chromedriver ]] ;;
    prometheus) command -v prometheus >/dev/null && command -v promtool >/dev/null ;;
    *) return 1 ;;
  esac
}

apt_install() {
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Enables i386 and fetches its package lists; on failure undoes it and says why (stdout).
enable_i386() {
  local added=0 log
  log="$(mktemp)"
  if ! dpkg --print-foreign-architectures | grep -qx i386; then
    dpkg --add-architecture i386
    added=1
  fi
  # (the policy is read whole first: grep -q closing the pipe early would fail it under pipefail)
  local policy=""
  if apt-get update -qq >"$log" 2>&1 && policy="$(apt-cache policy wine32:i386 2>/dev/null)" \
     && grep -q 'Candidate: [0-9]' <<<"$policy"; then
    rm -f "$log"
    return 0
  fi
  local why
  why="$(grep -m1 -E '^(E|W|Err):' "$log" || true)"
  [[ -n "$why" ]] || why="apt-get update gave no candidate for wine32:i386"
  if [[ $added -eq 1 ]]; then
    dpkg --remove-architecture i386 || true
    apt-get update -qq >/dev/null 2>&1 || true
  fi
  rm -f "$log"
  echo "the i386 package lists cannot be fetched ($why)"
  return 1
}

wine32_skipped() {
  mkdir -p "$state"
  echo "$1" >"$wine32_skip_file"
  echo ""
  echo "WARNING: 32-bit Windows runs skipped: $1"
  echo ""
}

check_commands() {
  local missing=() c p g
  for g in "$@"; do
    while read -r c p grp; do
      [[ -n "$c" && "$grp" == "$g" ]] || continue
      command -v "$c" >/dev/null 2>&1 || missing+=("$c ($p)")
    done <<<"$COMMANDS"
  done
  if [[ ${#missing[@]} -gt 0 ]]; then
    echo "FAIL: commands the tests call are missing: ${missing[*]}"
    echo "Install them with: scripts/toolchains.sh --install $*   (as root)"
    return 1
  fi
  echo "PASS: every command the tests call is installed (groups: $*)"
}

mode=check
case "${1:-}" in
  --install) mode=install; shift ;;
  --commands) shift; check_commands "$@"; exit $? ;;
  --package-of) p="$(package_of "${2:?command}")"; [[ -n "$p" ]] && { echo "$p"; exit 0; }; exit 1 ;;
esac

missing=()
want32=0
for g in "$@"; do
  [[ -n "${PKGS[$g]+x}" ]] || { echo "toolchains.sh: unknown group '$g'" >&2; exit 2; }
  for p in ${PKGS[$g]}; do
    if ! probe "$p"; then
      if [[ $p == *:i386 ]]; then want32=1; else missing+=("$p"); fi
    fi
  done
done
[[ " $* " == *" wine32 "* ]] && ! probe wine32:i386 && want32=1
if [[ ${#missing[@]} -eq 0 && $want32 -eq 0 ]]; then
  [[ " $* " == *" wine32 "* ]] && rm -f "$wine32_skip_file"
  exit 0
fi

if [[ $mode == install && $(id -u) -eq 0 ]]; then
  if [[ ${#missing[@]} -gt 0 ]]; then
    echo "Installing: ${missing[*]}"
    apt-get update -qq
    apt_install "${missing[@]}"
  fi
  if [[ $want32 -eq 1 ]]; then
    echo "Installing: wine32:i386 (enabling the i386 architecture)"
    if why="$(enable_i386)"; then
      apt_install wine32:i386 || true
      if probe wine32:i386; then rm -f "$wine32_skip_file"; else wine32_skipped "wine32:i386 did not install"; fi
    else
      wine32_skipped "$why"
    fi
  fi
  still=()
  for p in "${missing[@]}"; do probe "$p" || still+=("$p"); done
  if [[ ${#still[@]} -gt 0 ]]; then echo "still missing after install: ${still[*]}" >&2; exit 1; fi
  exit 0
fi

all=("${missing[@]}")
pre=""
if [[ $want32 -eq 1 ]]; then
  all+=("wine32:i386")
  pre="dpkg --add-architecture i386 && "
fi
echo "Missing toolchains: ${all[*]}"
echo "Install them with (as root):"
echo "  ${pre}apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${all[*]}"
exit 1
