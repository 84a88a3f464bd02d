#!/usr/bin/env bash
# Regenerate scmp.rs (syscall tables for x32, mips n32, parisc, s390) from libseccomp.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dpkg-query -W libseccomp-dev >/dev/null 2>&1 || apt-get install -y libseccomp-dev
tmp="$(mktemp -d)"
gcc -O2 -o "$tmp/gen" "$here/gen.c" -lseccomp
"$tmp/gen" > "$here/scmp.rs"
rm -rf "$tmp"
echo "wrote $here/scmp.rs"
