#!/usr/bin/env bash
# Instructions per evaluation, counted by valgrind (callgrind): deterministic, so it can be
# compared across runs and on a busy machine, unlike nanoseconds. Counts the whole
# evaluation loop of each tool (secbpf bench, benches/libpcap/pcap_bench) by running it for
# 2 and for 12 passes over the inputs and dividing the difference by 10 x inputs.
#
#   benches/insns-per-eval.sh FILTER MIX     (MIX: uniform, hot, outside, i386)
#
# Prints: FILTER MIX libpcap_insns secbpf_insns ratio
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
filter="$1" mix="$2"
work="$root/target/compare-libpcap"
mkdir -p "$work"
command -v valgrind > /dev/null || { echo "needs valgrind (apt-get install valgrind)" >&2; exit 2; }
[[ -x "$work/pcap_bench" ]] || gcc -O2 -o "$work/pcap_bench" "$here/libpcap/pcap_bench.c" -lpcap
secbpf="${SECBPF:-$root/target/release/secbpf}"
bin="$work/insns-$mix.bin"
python3 "$here/libpcap/gen_inputs.py" --mix "$mix" --bin "$bin" 2>/dev/null
n=$(( $(stat -c %s "$bin") / 64 ))
count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | sed -n 's/.*Collected : //p'; }
p2=$(count "$work/pcap_bench" "$filter" "$bin" --passes 2)
p12=$(count "$work/pcap_bench" "$filter" "$bin" --passes 12)
s2=$(count "$secbpf" bench "$filter" --inputs "$bin" --iters 2)
s12=$(count "$secbpf" bench "$filter" --inputs "$bin" --iters 12)
python3 -c 'import sys
n, p2, p12, s2, s12 = map(int, sys.argv[3:])
p = (p12 - p2) / (10 * n); s = (s12 - s2) / (10 * n)
print("%s %s %.1f %.1f %.2f" % (sys.argv[1], sys.argv[2], p, s, p / s))' "$(basename "$filter")" "$mix" "$n" "$p2" "$p12" "$s2" "$s12"
