#!/usr/bin/env bash
# Compare secbpf's interpreter with libpcap's C bpf_filter() on the same seccomp filter
# and the same inputs, after checking that both return the same value for every input.
#
#   benches/compare-libpcap.sh FILTER [INPUTS]
#
# FILTER: raw struct sock_filter file (e.g. corpus/libseccomp-container.bpf).
# INPUTS: 64-byte struct seccomp_data records in native byte order (.bin), or JSON lines
#         (.jsonl: {"arch": .., "nr": .., "ip": .., "args": [..]}).  Default: the
#         "uniform" mix of benches/run.rs (4096 x86_64 syscalls over 0..=450);
#         MIX=hot|outside|i386 selects another mix of benches/libpcap/gen_inputs.py.
# Environment: SECBPF=path (default: cargo build --release, target/release/secbpf),
#              MIN_MS (libpcap timing in all, default 2000), ROUNDS (alternating rounds,
#              default 5; each side's best round is its figure), ITERS (secbpf bench --iters).
# Needs gcc, python3 and libpcap-dev (installed with apt-get if missing).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
[[ $# -ge 1 && $# -le 2 ]] || { sed -n '2,16p' "$0" >&2; exit 2; }
filter="$1"
inputs="${2:-}"
[[ -f "$filter" ]] || { echo "no such filter file: $filter" >&2; exit 2; }

work="$root/target/compare-libpcap"
mkdir -p "$work"

# --- libpcap side -----------------------------------------------------------------
if ! dpkg-query -W -f='${Status}' libpcap-dev 2>/dev/null | grep -q "install ok installed"; then
    echo "installing libpcap-dev..." >&2
    apt-get install -y libpcap-dev >&2 || { apt-get update >&2 && apt-get install -y libpcap-dev >&2; }
fi
gcc -O2 -Wall -Wextra -o "$work/pcap_bench" "$here/libpcap/pcap_bench.c" -lpcap
pcap_version="$(dpkg-query -W -f='${Version}' libpcap-dev 2>/dev/null || echo unknown)"

# --- inputs in both forms -----------------------------------------------------------
gen="$here/libpcap/gen_inputs.py"
bin="$work/inputs.bin"
jsonl="$work/inputs.jsonl"
if [[ -z "$inputs" ]]; then
    python3 "$gen" --mix "${MIX:-uniform}" --bin "$bin" --jsonl "$jsonl" 2>/dev/null
elif [[ "$inputs" == *.jsonl || "$inputs" == *.json ]]; then
    python3 "$gen" --from-jsonl "$inputs" --bin "$bin" --jsonl "$jsonl" 2>/dev/null
else
    python3 "$gen" --from-bin "$inputs" --bin "$bin" --jsonl "$jsonl" 2>/dev/null
fi

# --- secbpf -------------------------------------------------------------------------
if [[ -n "${SECBPF:-}" ]]; then
    secbpf="$SECBPF"
else
    if ! (cd "$root" && cargo build --release --quiet --bin secbpf) > "$work/cargo-build.log" 2>&1; then
        cat "$work/cargo-build.log" >&2
        exit 1
    fi
    secbpf="$root/target/release/secbpf"
fi

json_field() { # json_field KEY < one JSON object
    python3 -c 'import json,sys; print(json.loads(sys.stdin.read())[sys.argv[1]])' "$1"
}

# --- same answers? --------------------------------------------------------------------
expect="$work/expected.txt"
check_status="not checked"
if "$secbpf" run "$filter" --inputs "$jsonl" --json > "$work/secbpf-run.jsonl" 2> "$work/secbpf-run.err"; then
    python3 -c '
import json, sys
n = 0
with open(sys.argv[2], "w") as out:
    for line in open(sys.argv[1]):
        if line.strip():
            out.write("%d\n" % json.loads(line)["ret"]); n += 1
' "$work/secbpf-run.jsonl" "$expect"
    # also: the raw-record form must give secbpf the same answers as the JSON form
    if "$secbpf" run "$filter" --inputs "$bin" --json > "$work/secbpf-run-bin.jsonl" 2>/dev/null \
        && ! python3 -c '
import json, sys
a = [json.loads(l)["ret"] for l in open(sys.argv[1]) if l.strip()]
b = [json.loads(l)["ret"] for l in open(sys.argv[2]) if l.strip()]
sys.exit(0 if a == b else 1)' "$work/secbpf-run.jsonl" "$work/secbpf-run-bin.jsonl"; then
        echo "secbpf run gives different answers for $bin and $jsonl" >&2
        exit 1
    fi
    if "$work/pcap_bench" "$filter" "$bin" --expect "$expect" --passes 1 > /dev/null 2> "$work/pcap-check.err"; then
        check_status="libpcap == secbpf on all $(wc -l < "$expect") inputs"
    else
        cat "$work/pcap-check.err" >&2
        echo "libpcap and secbpf disagree" >&2
        exit 1
    fi
else
    echo "warning: 'secbpf run --inputs --json' failed; results not compared:" >&2
    sed 's/^/  /' "$work/secbpf-run.err" >&2
fi

# --- timing ---------------------------------------------------------------------------
# ROUNDS alternating rounds (libpcap, then secbpf), each side's figure the best round:
# on a shared machine the minimum is the figure least disturbed by other work, and
# alternating exposes both sides to the same conditions.
rounds="${ROUNDS:-5}"
per_round_ms="$(python3 -c 'import sys; print(max(50, float(sys.argv[1]) / int(sys.argv[2])))' "${MIN_MS:-2000}" "$rounds")"
secbpf_args=(bench "$filter" --inputs "$bin" --json)
[[ -n "${ITERS:-}" ]] && secbpf_args+=(--iters "$ITERS")
pcap_ns="" secbpf_ns="" pcap_json="" secbpf_json=""
for ((r = 0; r < rounds; r++)); do
    j="$("$work/pcap_bench" "$filter" "$bin" --min-ms "$per_round_ms")"
    n="$(json_field ns_per_eval <<<"$j")"
    if [[ -z "$pcap_ns" ]] || python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) < float(sys.argv[2]) else 1)' "$n" "$pcap_ns"; then
        pcap_ns="$n" pcap_json="$j"
    fi
    if j="$("$secbpf" "${secbpf_args[@]}" 2> "$work/secbpf-bench.err")"; then
        n="$(json_field ns_per_eval <<<"$j")"
        if [[ -z "$secbpf_ns" ]] || python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) < float(sys.argv[2]) else 1)' "$n" "$secbpf_ns"; then
            secbpf_ns="$n" secbpf_json="$j"
        fi
    else
        echo "warning: 'secbpf bench' failed:" >&2
        sed 's/^/  /' "$work/secbpf-bench.err" >&2
        break
    fi
done

echo "filter:  $filter ($(( $(stat -c %s "$filter") / 8 )) instructions)"
echo "inputs:  $(( $(stat -c %s "$bin") / 64 )) records ($bin, $jsonl)"
echo "results: $check_status"
if [[ -s "$work/secbpf-run.jsonl" ]]; then
    python3 -c '
import json, sys
n = [json.loads(l)["insns_executed"] for l in open(sys.argv[1]) if l.strip()]
print("bpf instructions executed per evaluation: %.1f" % (sum(n) / len(n)))' "$work/secbpf-run.jsonl"
fi
echo "libpcap $pcap_version bpf_filter (best of $rounds rounds): $pcap_json"
if [[ -n "$secbpf_ns" ]]; then
    echo "secbpf bench (best of $rounds rounds): $secbpf_json"
    python3 -c 'import sys; p, s = map(float, sys.argv[1:]); print("ratio libpcap/secbpf: %.2f (%s)" % (p / s, "secbpf faster" if p > s else "libpcap faster"))' "$pcap_ns" "$secbpf_ns"
else
    echo "secbpf bench:             unavailable"
fi
