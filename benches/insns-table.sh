#!/usr/bin/env bash
# The instruction-count table of docs/performance.md: benches/insns-per-eval.sh for every
# x86_64 corpus filter and each mix (valgrind counts: exact, and repeatable on a busy
# machine), with the geometric mean of libpcap / secbpf and the smallest ratio.
#
#   benches/insns-table.sh [FILTER...]     (MIXES as in benches/corpus-table.sh)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/.."
cargo build --release --quiet
if [ $# -gt 0 ]; then filters=("$@"); else
    mapfile -t filters < <(ls corpus/*.bpf)
fi
rows=()
for f in "${filters[@]}"; do
    for mix in ${MIXES:-uniform hot outside i386}; do
        rows+=("$(benches/insns-per-eval.sh "$f" "$mix")")
    done
done
python3 - "${rows[@]}" <<'PY'
import math, sys
rows = [r.split() for r in sys.argv[1:]]
print('| filter | inputs | libpcap insns/eval | secbpf insns/eval | libpcap / secbpf |')
print('|---|---|---|---|---|')
ratios = []
for name, mix, p, s, r in rows:
    ratios.append(float(r))
    print('| %s | %s | %.0f | %.0f | %.2f |' % (name, mix, float(p), float(s), float(r)))
g = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
print()
print('geometric mean of libpcap / secbpf over %d rows: %.1f; smallest: %.2f' % (len(ratios), g, min(ratios)))
PY
