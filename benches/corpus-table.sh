#!/usr/bin/env bash
# Measure every x86_64 corpus filter against libpcap's bpf_filter, in one run, with
# benches/compare-libpcap.sh (same filter, same inputs, results checked equal first), and
# print the markdown table of docs/performance.md with the geometric mean of the ratios.
#
#   benches/corpus-table.sh [FILTER...]     (default: corpus/*.bpf whose MANIFEST arch is x86_64)
#
# Environment: MIXES (default "uniform hot outside i386", see benches/libpcap/gen_inputs.py),
# MIN_MS (libpcap's timing per row, default 2000), QUICK=1 (CI: 200 ms per row, the first
# two filters only: checks the script and the equality of results, not the figures).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"
cargo build --release --quiet
export SECBPF="$root/target/release/secbpf"
if [ $# -gt 0 ]; then
    filters=("$@")
else
    mapfile -t filters < <(python3 - <<'PY'
import glob, os, re
text = open('corpus/MANIFEST.md').read() if os.path.exists('corpus/MANIFEST.md') else ''
out = []
for f in sorted(glob.glob('corpus/*.bpf')):
    name = os.path.basename(f)
    # A filter is x86_64 unless its MANIFEST section names another arch only.
    sec = text.split('`%s`' % name, 1)[1][:2000] if ('`%s`' % name) in text else ''
    m = re.search(r'\*\*arch\*\*: ([^\n]*)', sec)
    arch = m.group(1) if m else 'x86_64'
    if 'x86_64' in arch or 'x86-64' in arch:
        out.append(f)
print('\n'.join(out))
PY
)
fi
if [ -n "${QUICK:-}" ]; then
    export MIN_MS="${MIN_MS:-200}" ITERS="${ITERS:-20}"
    filters=("${filters[@]:0:2}")
fi
filters+=("__floor__")
rows=()
logs=()
# The floor: a one-instruction filter (ret ALLOW), what any evaluation costs at least.
floor="$root/target/compare-libpcap/ret-allow.bpf"
mkdir -p "$(dirname "$floor")"
printf 'ret #0x7fff0000\n' | "$SECBPF" asm - --to raw -o "$floor"
for f in "${filters[@]}"; do
    [[ "$f" == __floor__ ]] && f="$floor"
    for mix in ${MIXES:-uniform hot outside i386}; do
        out="$(MIX=$mix bash "$here/compare-libpcap.sh" "$f" 2>&1)" || { echo "$out" >&2; exit 1; }
        grep -q "libpcap == secbpf" <<<"$out" || { echo "$f ($mix): results not checked equal" >&2; echo "$out" >&2; exit 1; }
        p="$(sed -n 's/.*bpf_filter (best of [0-9]* rounds): {"ns_per_eval": \([0-9.]*\).*/\1/p' <<<"$out")"
        s="$(sed -n 's/.*"ns_per_eval":\([0-9.e+-]*\).*/\1/p' <<<"$out" | tail -1)"
        n="$(( $(stat -c %s "$f") / 8 ))"
        x="$(sed -n 's/^bpf instructions executed per evaluation: //p' <<<"$out")"
        rows+=("$(basename "$f")|$n|$mix|$x|$p|$s")
    done
done
python3 - "${rows[@]}" <<'PY'
import math, sys
rows = [r.split('|') for r in sys.argv[1:]]
print('| filter | instructions | inputs | executed per eval | libpcap ns/eval | secbpf ns/eval | libpcap / secbpf |')
print('|---|---|---|---|---|---|---|')
ratios = []
for name, n, mix, x, p, s in rows:
    r = float(p) / float(s)
    ratios.append(r)
    print('| %s | %s | %s | %s | %.1f | %.1f | %.1f |' % (name, n, mix, x, float(p), float(s), r))
corpus = [r for r, row in zip(ratios, rows) if row[0] != 'ret-allow.bpf']
floor = [r for r, row in zip(ratios, rows) if row[0] == 'ret-allow.bpf']
g = math.exp(sum(math.log(r) for r in corpus) / len(corpus))
print()
print('geometric mean of libpcap / secbpf over the %d corpus rows: %.1f; slowest corpus row: %.1f' % (len(corpus), g, min(corpus)))
if floor:
    print('ret-allow.bpf (one instruction, the floor of any evaluation): slowest %.1f' % min(floor))
PY
