#!/usr/bin/env bash
# `secbpf run --inputs` end to end against `secbpf bench` (the evaluation alone) on the
# same cases, in one run: cases/s of each input/output pair and its ratio to bench's rate.
#
#   benches/io.sh [FILTER]            (default corpus/docker-x86_64.bpf, 1,000,000 cases)
#   QUICK=1 benches/io.sh             (20,000 cases, a few seconds: what CI runs)
#   CASES=N benches/io.sh             (bench itself holds at most 1,048,576 of them)
#   BASE=old/secbpf benches/io.sh     (also the pairs an older binary has, in the same run)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"
filter="${1:-corpus/docker-x86_64.bpf}"
if [ -n "${QUICK:-}" ]; then cases="${CASES:-20000}"; else cases="${CASES:-1000000}"; fi
cargo build --release --quiet
bin="$root/target/release/secbpf"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# The realistic mix of issue 12 (hot syscalls with realistic arguments, some other
# numbers, 5% i386), as raw records and as JSON Lines: the same cases.
python3 - "$cases" "$tmp" <<'PY'
import random, struct, sys
n, d = int(sys.argv[1]), sys.argv[2]
rng = random.Random(12)
hot = [0, 1, 202, 232, 9, 257, 3, 5, 7, 17, 18, 44, 45, 47, 228, 230, 281, 291, 16, 72]
X86_64, I386 = 0xc000003e, 0x40000003
with open(d + '/cases.raw', 'wb') as raw, open(d + '/cases.jsonl', 'w') as js:
    for i in range(n):
        arch = I386 if rng.random() < 0.05 else X86_64
        nr = rng.choice(hot) if rng.random() < 0.9 else rng.randrange(0, 460)
        args = [rng.choice([0, 1, 2, 3, 0x80000, 0x1000, rng.getrandbits(47)]) for _ in range(6)]
        ip = 0x7f0000001000 + rng.randrange(0, 1 << 20)
        raw.write(struct.pack('<iIQ6Q', nr, arch, ip, *args))
        js.write('{"arch":%d,"nr":%d,"ip":%d,"args":[%s]}\n' % (arch, nr, ip, ','.join(map(str, args))))
PY
# The reference: bench's ns per evaluation over the same cases (at most 1,048,576 held).
head -c $((64 * (cases < 1048576 ? cases : 1048576))) "$tmp/cases.raw" > "$tmp/bench.raw"
ns="$("$bin" bench "$filter" --inputs "$tmp/bench.raw" --inputs-format raw --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["ns_per_eval"])')"
# Raw records go fast: their runs read the cases REPEAT times over (default 4, 1 in quick
# mode) so that startup and clock ticks do not dominate.
if [ -n "${QUICK:-}" ]; then rep="${REPEAT:-1}"; else rep="${REPEAT:-4}"; fi
for _ in $(seq "$rep"); do cat "$tmp/cases.raw"; done > "$tmp/rep.raw"
echo "filter $filter, $cases cases (raw input read $rep times over)"
python3 -c "print('bench (evaluation alone): %.1f M evaluations/s (%.2f ns each)' % (1e3 / $ns, $ns))"
# Each pair: the whole command (startup, load, read, run, write), best of 3 runs, by wall
# time and by CPU time (user + sys of the child: steadier on a shared machine).
measure() {
    local label="$1"; shift
    local n="$cases"
    case "$label" in raw*) n=$((cases * rep)) ;; esac
    python3 - "$n" "$ns" "$label" "$@" <<'PY'
import os, subprocess, sys, time
n, ns, label, cmd = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3], sys.argv[4:]
wall = cpu = None
for _ in range(3):
    r0 = os.times()
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    dt = time.perf_counter() - t
    r1 = os.times()
    c = (r1.children_user - r0.children_user) + (r1.children_system - r0.children_system)
    wall = dt if wall is None else min(wall, dt)
    cpu = c if cpu is None else min(cpu, c)
ref = 1e9 / ns
cpu = max(cpu, 0.01)  # os.times() counts in clock ticks
print('%-29s %6.2f M cases/s wall (%.2fx bench), %6.2f M cases/s CPU (%.2fx bench)'
      % (label, n / wall / 1e6, n / wall / ref, n / cpu / 1e6, n / cpu / ref))
PY
}
raw=(--inputs "$tmp/rep.raw" --inputs-format raw)
jsl=(--inputs "$tmp/cases.jsonl")
measure "raw in, --to raw" "$bin" run "$filter" "${raw[@]}" --to raw
measure "raw in, --to ret" "$bin" run "$filter" "${raw[@]}" --to ret
measure "raw in, --json" "$bin" run "$filter" "${raw[@]}" --json
measure "JSON Lines in, --to raw" "$bin" run "$filter" "${jsl[@]}" --to raw
measure "JSON Lines in, --json" "$bin" run "$filter" "${jsl[@]}" --json
measure "JSON Lines in, text" "$bin" run "$filter" "${jsl[@]}"
measure "raw in, text" "$bin" run "$filter" "${raw[@]}"
if [ -n "${BASE:-}" ]; then
    measure "raw in, --json (BASE)" "$BASE" run "$filter" "${raw[@]}" --json
    measure "raw in, text (BASE)" "$BASE" run "$filter" "${raw[@]}"
    measure "JSON Lines in, --json (BASE)" "$BASE" run "$filter" "${jsl[@]}" --json
    measure "JSON Lines in, text (BASE)" "$BASE" run "$filter" "${jsl[@]}"
fi
# The outputs agree: raw and ret give the values --json gives, case by case.
one=(--inputs "$tmp/cases.raw" --inputs-format raw)
"$bin" run "$filter" "${one[@]}" --to raw > "$tmp/out.raw"
"$bin" run "$filter" "${one[@]}" --to ret > "$tmp/out.ret"
"$bin" run "$filter" "${jsl[@]}" --json > "$tmp/out.json"
python3 - "$tmp" <<'PY'
import json, struct, sys
d = sys.argv[1]
raw = open(d + '/out.raw', 'rb').read()
a = list(struct.unpack('<%dI' % (len(raw) // 4), raw))
b = [int(l, 16) for l in open(d + '/out.ret')]
c = [json.loads(l)['ret'] for l in open(d + '/out.json')]
assert a == b == c and len(a) > 0, 'outputs disagree'
print('outputs agree: raw == ret == json on %d cases' % len(a))
PY
