#!/usr/bin/env bash
# libseccomp conformance: run libseccomp's own `./regression -T bpf-sim` suite with
# secbpf in place of libseccomp's tools/scmp_bpf_sim. Every case must pass.
#
#   tests/conformance/libseccomp.sh            # from anywhere; needs root (or sudo) for apt
#
# Steps (all rerunnable; finished steps are skipped on the next run):
#   1. apt-get update; if no deb-src entry serves libseccomp, write one that mirrors the
#      machine's own Debian entries (same URIs, suites, components, keyring) to
#      /etc/apt/sources.list.d/secbpf-deb-src.{sources,list} and update again;
#   2. install what the build needs (dpkg-dev gcc make gperf autoconf automake libtool);
#   3. `apt-get source libseccomp` into target/conformance/libseccomp/ and build the
#      library, its tools and its test programs;
#   4. build secbpf (release) and make tools/scmp_bpf_sim a symlink to it: secbpf run
#      under the name scmp_bpf_sim behaves as libseccomp's tool (the original binary is
#      kept as tools/scmp_bpf_sim.libseccomp);
#   5. run `./regression -T bpf-sim` in tests/ and print its summary.
# Exits non-zero if any case fails or errors, or if nothing ran.
#
# Environment: SECBPF_BIN=path uses that secbpf binary instead of building one;
# CONFORMANCE_DIR=dir changes the work directory.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="${CONFORMANCE_DIR:-$ROOT/target/conformance/libseccomp}"
export DEBIAN_FRONTEND=noninteractive

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "libseccomp.sh: needs root or sudo for apt-get" >&2; exit 2; }
  SUDO=(sudo)
fi

log() { printf '== %s\n' "$*"; }

# --- 1. a deb-src entry mirroring the machine's Debian entries --------------------------

# The codename of this Debian release (bookworm, trixie, ...).
codename() {
  (. /etc/os-release 2>/dev/null && printf '%s' "${VERSION_CODENAME:-}")
}

# Is suite $1 one of this release's suites (bookworm, bookworm-updates, bookworm-security)?
debian_suite() {
  local c; c="$(codename)"
  [ -n "$c" ] && { [ "$1" = "$c" ] || [[ "$1" == "$c"-* ]]; }
}

# deb822 stanzas (*.sources) of type deb on this release's suites, as deb-src stanzas.
mirror_deb822() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    case "$f" in */secbpf-deb-src.sources) continue ;; esac
    awk -v codename="$(codename)" '
      function flush(   n, i, s, ok, parts) {
        if (types ~ /(^|[ \t])deb([ \t]|$)/ && enabled !~ /^[ \t]*(no|false)/ && uris != "") {
          n = split(suites, parts, /[ \t]+/); ok = 0; s = ""
          for (i = 1; i <= n; i++) {
            if (parts[i] == "") continue
            if ((codename != "" && (parts[i] == codename || index(parts[i], codename "-") == 1)) \
                || signed ~ /debian-archive-keyring/) {
              s = s " " parts[i]; ok = 1
            }
          }
          if (ok) {
            print "Types: deb-src"; print "URIs: " uris; print "Suites:" s
            print "Components: " comps
            if (signed != "") print "Signed-By: " signed
            print ""
          }
        }
        types = ""; uris = ""; suites = ""; comps = ""; signed = ""; enabled = ""
      }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      /^[ \t]/ { if (key == "Signed-By") signed = signed "\n" $0; next }
      {
        key = $0; sub(/:.*/, "", key); val = $0; sub(/^[^:]*:[ \t]*/, "", val)
        if (key == "Types") types = val
        else if (key == "URIs") uris = val
        else if (key == "Suites") suites = val
        else if (key == "Components") comps = val
        else if (key == "Signed-By") signed = val
        else if (key == "Enabled") enabled = val
      }
      END { flush() }
    ' "$f"
  done
}

# One-line entries (sources.list, *.list) of type deb on this release's suites, as deb-src.
mirror_one_line() {
  local f line rest opts uri suite comps
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    case "$f" in */secbpf-deb-src.list) continue ;; esac
    while IFS= read -r line || [ -n "$line" ]; do
      line="${line%%#*}"
      [[ "$line" =~ ^[[:space:]]*deb[[:space:]]+(.*)$ ]] || continue
      rest="${BASH_REMATCH[1]}"
      opts=""
      if [[ "$rest" =~ ^(\[[^]]*\])[[:space:]]+(.*)$ ]]; then
        opts="${BASH_REMATCH[1]} "; rest="${BASH_REMATCH[2]}"
      fi
      read -r uri suite comps <<<"$rest"
      debian_suite "$suite" || [[ "$opts" == *debian-archive-keyring* ]] || continue
      printf 'deb-src %s%s %s %s\n' "$opts" "$uri" "$suite" "$comps"
    done <"$f"
  done
}

have_source() {
  [ -n "$(apt-cache showsrc libseccomp 2>/dev/null | head -n 1)" ]
}

log "apt-get update"
"${SUDO[@]}" apt-get update -q >/dev/null
if ! have_source; then
  stanzas="$(mirror_deb822)"
  lines="$(mirror_one_line)"
  if [ -z "$stanzas" ] && [ -z "$lines" ]; then
    echo "libseccomp.sh: found no Debian 'deb' entry for release '$(codename)' to mirror" >&2
    exit 2
  fi
  if [ -n "$stanzas" ]; then
    log "adding deb-src stanzas to /etc/apt/sources.list.d/secbpf-deb-src.sources"
    printf '# Written by secbpf tests/conformance/libseccomp.sh: deb-src twins of this machine'"'"'s entries.\n%s\n' \
      "$stanzas" | "${SUDO[@]}" tee /etc/apt/sources.list.d/secbpf-deb-src.sources >/dev/null
  fi
  if [ -n "$lines" ]; then
    log "adding deb-src lines to /etc/apt/sources.list.d/secbpf-deb-src.list"
    printf '# Written by secbpf tests/conformance/libseccomp.sh: deb-src twins of this machine'"'"'s entries.\n%s\n' \
      "$lines" | "${SUDO[@]}" tee /etc/apt/sources.list.d/secbpf-deb-src.list >/dev/null
  fi
  log "apt-get update (with deb-src)"
  "${SUDO[@]}" apt-get update -q >/dev/null
  have_source || { echo "libseccomp.sh: apt still knows no source package libseccomp" >&2; exit 2; }
fi

# --- 2. build dependencies ---------------------------------------------------------------

log "installing build dependencies"
"${SUDO[@]}" apt-get install -y -q --no-install-recommends \
  dpkg-dev gcc make gperf autoconf automake libtool >/dev/null

# --- 3. libseccomp's source, built -------------------------------------------------------

mkdir -p "$WORK"
cd "$WORK"
src="$(find . -maxdepth 1 -type d -name 'libseccomp-*' | sort | tail -n 1)"
if [ -z "$src" ]; then
  log "apt-get source libseccomp (into $WORK)"
  apt-get source -q libseccomp 2>&1 | grep -v '^W: Download is performed unsandboxed' || true
  src="$(find . -maxdepth 1 -type d -name 'libseccomp-*' | sort | tail -n 1)"
  [ -n "$src" ] || { echo "libseccomp.sh: apt-get source libseccomp gave no source tree" >&2; exit 2; }
fi
cd "$src"
SRC="$PWD"
log "libseccomp source: $SRC"
if [ ! -f .secbpf-built ]; then
  log "building libseccomp, its tools and its test programs"
  ./configure -q >build.log 2>&1 || { tail -n 30 build.log >&2; exit 2; }
  make -j"$(nproc)" >>build.log 2>&1 || { tail -n 30 build.log >&2; exit 2; }
  make -j"$(nproc)" check-build >>build.log 2>&1 || { tail -n 30 build.log >&2; exit 2; }
  touch .secbpf-built
fi

# --- 4. secbpf in place of tools/scmp_bpf_sim -------------------------------------------

if [ -n "${SECBPF_BIN:-}" ]; then
  BIN="$(cd "$(dirname "$SECBPF_BIN")" && pwd)/$(basename "$SECBPF_BIN")"
else
  log "cargo build --release"
  (cd "$ROOT" && cargo build --release --quiet)
  BIN="$ROOT/target/release/secbpf"
fi
[ -x "$BIN" ] || { echo "libseccomp.sh: no secbpf binary at $BIN" >&2; exit 2; }
if [ -f tools/scmp_bpf_sim ] && [ ! -L tools/scmp_bpf_sim ]; then
  mv tools/scmp_bpf_sim tools/scmp_bpf_sim.libseccomp
fi
ln -sfn "$BIN" tools/scmp_bpf_sim
log "tools/scmp_bpf_sim -> $(readlink tools/scmp_bpf_sim)"

# --- 5. the suite ------------------------------------------------------------------------

ENGINE_LOG="$WORK/engine.log"
: >"$ENGINE_LOG"
export SECBPF_SCMP_BPF_SIM_LOG="$ENGINE_LOG"
log "./regression -T bpf-sim (log: $WORK/regression.log)"
start=$(date +%s)
set +e
(cd tests && ./regression -T bpf-sim) >"$WORK/regression.log" 2>&1
rc=$?
set -e
secs=$(( $(date +%s) - start ))

grep -E '^(Test .* result: +(FAILURE|ERROR)|Regression Test Summary| tests (run|skipped|passed|failed|errored):)' \
  "$WORK/regression.log" | tail -n 60
kernel=$(grep -c '^kernel$' "$ENGINE_LOG" || true)
tool=$(grep -c '^tool$' "$ENGINE_LOG" || true)
echo "secbpf answered $((kernel + tool)) simulations: $kernel through its checker and vm (the kernel's path), $tool with the tool's own rules"
echo "time: ${secs}s"

num() { grep -E "^ tests $1:" "$WORK/regression.log" | tail -n 1 | awk '{print $NF}'; }
run=$(num run); passed=$(num passed); failed=$(num failed); errored=$(num errored)
if [ "$rc" -ne 0 ] || [ -z "$run" ] || [ "${run:-0}" -eq 0 ] || [ "${failed:-1}" -ne 0 ] \
  || [ "${errored:-1}" -ne 0 ] || [ "${passed:-0}" -ne "$run" ]; then
  echo "libseccomp conformance: FAILED (regression exit $rc; run ${run:-?}, passed ${passed:-?}, failed ${failed:-?}, errored ${errored:-?})" >&2
  exit 1
fi
echo "libseccomp conformance: all $passed bpf-sim cases pass through secbpf"
