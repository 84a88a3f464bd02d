#!/usr/bin/env bash
# Two secbpf binaries on the same JSON Lines cases, alternating, best of ROUNDS each (default
# 7): wall-clock cases/s of `run --inputs` with --json, --to raw and the text output, and the
# ratio new/old. On a shared machine alternating rounds keep both sides under the same load.
#
#   benches/io-ab.sh OLD_SECBPF NEW_SECBPF CASES.jsonl [FILTER]
# (benches/io.sh writes such a file: the realistic mix, 1,000,000 cases.)
set -euo pipefail
old="$1"; new="$2"; cases="$3"; filter="${4:-corpus/docker-x86_64.bpf}"
python3 - "$old" "$new" "$cases" "$filter" "${ROUNDS:-7}" <<'PY'
import subprocess, sys, time
old, new, cases, filt, rounds = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
n = sum(1 for _ in open(cases, 'rb'))
bins = {'old': old, 'new': new}
modes = {'JSON Lines in, --json': ['--json'], 'JSON Lines in, --to raw': ['--to', 'raw'],
         'JSON Lines in, text': []}
best = {}
for _ in range(rounds):
    for m, extra in modes.items():
        for k, b in bins.items():
            t = time.perf_counter()
            subprocess.run([b, 'run', filt, '--inputs', cases, *extra],
                           stdout=subprocess.DEVNULL, check=True)
            best[m, k] = min(best.get((m, k), 1e9), time.perf_counter() - t)
print('%d cases, best of %d alternating rounds' % (n, rounds))
for m in modes:
    print('%-25s old %6.2f M cases/s   new %6.2f M cases/s   new/old %.2fx'
          % (m, n / best[m, 'old'] / 1e6, n / best[m, 'new'] / 1e6, best[m, 'old'] / best[m, 'new']))
PY
