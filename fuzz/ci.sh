#!/usr/bin/env bash
# Bounded fuzzing, as CI runs it (.ci/run): every cargo-fuzz target except `kernel` (the
# differential campaign covers it, as root) and `generators`, FUZZ_SECONDS each (default
# 20), starting from the committed regressions. A crash, a leak or a run over -timeout
# fails the script; libFuzzer then prints the input and writes it to artifacts/TARGET/.
# The long campaigns are in fuzz/README.md.
set -euo pipefail
cd "$(dirname "$0")"
secs=${FUZZ_SECONDS:-20}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
cargo +nightly fuzz build -O
for t in check run formats inputs explain diff cover lint; do
  mkdir -p "corpus/$t"
  seeds=()
  if [ -d "../tests/fuzz-regressions/$t" ]; then seeds=("../tests/fuzz-regressions/$t"); fi
  echo "== fuzz $t (${secs} s)"
  log="artifacts/$t.log"
  mkdir -p artifacts
  if ! cargo +nightly fuzz run -O "$t" "corpus/$t" "${seeds[@]}" -- \
    -max_total_time="$secs" -timeout=10 -max_len=4200 -rss_limit_mb=2048 \
    -print_final_stats=1 >"$log" 2>&1; then
    tail -n 60 "$log"
    echo "fuzz target $t failed (log: fuzz/$log)"
    exit 1
  fi
  grep -E '^stat::(number_of_executed_units|peak_rss_mb)' "$log" | tr '\n' ' '
  echo
done
