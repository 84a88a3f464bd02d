#!/usr/bin/env bash
# fuzz-kernel against its oracle-only floor, in one run: the same programs, children and
# syscalls with secbpf's side removed (`--oracle-only`, hidden), for --jobs 1 and 2.
# Prints programs/s, the ratio to the floor, and the CPU split from getrusage: this
# process (generation, secbpf's side, the parent's side of asking the kernel) and the
# oracle's children (the kernel checking, converting and running each filter).
# secbpf's share is (our CPU - our CPU in the floor run) / all CPU of the campaign.
#
#   benches/fuzz-kernel.sh              (5,000 programs per run)
#   PROGRAMS=N JOBS="1 2 4" benches/fuzz-kernel.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/.."
programs="${PROGRAMS:-5000}"
cargo build --release --quiet
bin="$PWD/target/release/secbpf"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
echo "fuzz-kernel, $programs programs, seed 1, $(nproc) CPUs, kernel $(uname -r)"
for jobs in ${JOBS:-1 2}; do
    "$bin" fuzz-kernel --programs "$programs" --seed 1 --jobs "$jobs" --json --regressions "$tmp" > "$tmp/full.json"
    "$bin" fuzz-kernel --programs "$programs" --seed 1 --jobs "$jobs" --json --regressions "$tmp" --oracle-only > "$tmp/floor.json"
    python3 - "$jobs" "$tmp/full.json" "$tmp/floor.json" <<'PY'
import json, sys
jobs, full, floor = sys.argv[1], json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
def cpu(r):
    c = r['cpu_seconds']
    ours = c['user'] + c['system']
    return ours, ours + c['children_user'] + c['children_system']
(ours, total), (ours0, total0) = cpu(full), cpu(floor)
n = full['programs']
assert full['disagreements'] == 0 and n == floor['programs'] and full['inputs'] == floor['inputs']
print('--jobs %s: %6.0f programs/s, floor %6.0f programs/s (%.2fx of the floor)' % (
    jobs, full['programs_per_second'], floor['programs_per_second'],
    full['programs_per_second'] / floor['programs_per_second']))
print('  CPU per program: %.0f us (ours %.0f us, children %.0f us); floor %.0f us (ours %.0f us)' % (
    1e6 * total / n, 1e6 * ours / n, 1e6 * (total - ours) / n, 1e6 * total0 / n, 1e6 * ours0 / n))
print("  secbpf's share of the campaign's CPU: %.1f%%" % (100 * max(ours - ours0, 0) / total))
PY
done
