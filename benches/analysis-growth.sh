#!/usr/bin/env bash
# Time and peak memory of the analyses (check, explain, cover, diff, graph) against the
# size of the filter, on every synthetic shape of secbpf::synth::shapes (jeq-chain,
# pairs, args, arch8, returns; `cargo run --example shapes`). Prints the markdown
# table of docs/performance.md ("Analyses: time and memory against size").
#
#   benches/analysis-growth.sh                 N = 100, 1000, 4096; best of 3 runs each
#   QUICK=1 benches/analysis-growth.sh         one run each (CI: about 10 s)
#   SIZES="1000 4096" SHAPES="args" COMMANDS="explain cover" benches/analysis-growth.sh
#   SECBPF=/path/to/other/secbpf benches/analysis-growth.sh   (measure another build)
#
# Each command runs as its own process (the release binary). The table gives its CPU
# time (user + system; on a shared machine wall time is noisier, and stderr shows it
# too) and its peak memory as the maximum resident set size the kernel reports for
# the child (wait4's rusage), from the run with the least CPU time of REPEAT runs. explain, cover and diff run with a budget far above what they need
# (--budget-time 600 --budget-memory 8192), so the figures are those of the exact
# answer; a row whose output says "approximate" is marked so. cover runs over one case
# (arch x86_64, nr 1). diff compares the shape with its variant (one rule changed).
# Exit 1 if a command fails (exit status other than 0, or 1 for diff's "they differ") or
# an answer is approximate.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"
cargo build --release --quiet --bin secbpf --example shapes
export SECBPF="${SECBPF:-$root/target/release/secbpf}"
export SHAPES_BIN="$root/target/release/examples/shapes"
export SIZES="${SIZES:-100 1000 4096}"
export SHAPES="${SHAPES:-jeq-chain pairs args arch8 returns}"
export COMMANDS="${COMMANDS:-check explain cover diff graph}"
export REPEAT="${REPEAT:-$([ -n "${QUICK:-}" ] && echo 1 || echo 3)}"
exec python3 - <<'PY'
import os, subprocess, sys, tempfile, time

secbpf = os.environ["SECBPF"]
shapes_bin = os.environ["SHAPES_BIN"]
sizes = [int(s) for s in os.environ["SIZES"].split()]
shapes = os.environ["SHAPES"].split()
commands = os.environ["COMMANDS"].split()
repeat = int(os.environ["REPEAT"])
tmp = tempfile.mkdtemp(prefix="secbpf-growth-")
budget = ["--budget-time", "600", "--budget-memory", "8192"]
case = os.path.join(tmp, "case.jsonl")
with open(case, "w") as f:
    f.write('{"arch":"x86_64","nr":1}\n')

def gen(shape, n, variant=False):
    path = os.path.join(tmp, f"{shape}-{n}{'-v' if variant else ''}.bpf")
    with open(path, "wb") as f:
        subprocess.run([shapes_bin, shape, str(n)] + (["--variant"] if variant else []),
                       stdout=f, check=True)
    return path

def argv(cmd, a, b):
    if cmd == "check":
        return ["check", a]
    if cmd == "explain":
        return ["explain", a] + budget
    if cmd == "cover":
        return ["cover", a, "--inputs", case] + budget
    if cmd == "diff":
        return ["diff", a, b] + budget
    if cmd == "graph":
        return ["graph", a]
    raise SystemExit(f"unknown command {cmd}")

def run(args, ok):
    """One run: wall time (s), CPU time (user + system, s), peak RSS (KiB), and
    whether the output says approximate."""
    out = tempfile.TemporaryFile()
    t = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os.dup2(out.fileno(), 1)
        os.dup2(out.fileno(), 2)
        os.execv(secbpf, [secbpf, "--color", "never"] + args)
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t
    code = os.waitstatus_to_exitcode(status)
    out.seek(0)
    text = out.read()
    if code not in ok:
        sys.stderr.write(f"secbpf {' '.join(args)}: exit {code}\n{text.decode()}\n")
        sys.exit(1)
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss, b"approximate" in text

def measure(args, ok):
    """The run with the least CPU time of `repeat` runs."""
    return min((run(args, ok) for _ in range(repeat)), key=lambda r: r[1])

rows = []
for shape in shapes:
    files = {n: (gen(shape, n), gen(shape, n, True)) for n in sizes}
    for cmd in commands:
        ok = (0, 1) if cmd == "diff" else (0,)
        cells = [measure(argv(cmd, *files[n]), ok) for n in sizes]
        rows.append((shape, cmd, cells))
        print(f"{shape:10} {cmd:8} " + "  ".join(
            f"N={n}: {c*1000:7.1f} ms cpu {w*1000:7.1f} ms wall {r/1024:6.1f} MB{' approx' if ap else ''}"
            for n, (w, c, r, ap) in zip(sizes, cells)), file=sys.stderr, flush=True)

head = "| shape | command | " + " | ".join(f"N={n}: ms, MB" for n in sizes)
if len(sizes) >= 2:
    head += f" | CPU x ({sizes[-1]} vs {sizes[-2]})"
print(head + " |")
print("|" + "---|" * (2 + len(sizes) + (1 if len(sizes) >= 2 else 0)))
for shape, cmd, cells in rows:
    line = f"| {shape} | {cmd} | " + " | ".join(
        f"{c*1000:.0f}, {r/1024:.1f}{' (approximate)' if ap else ''}" for w, c, r, ap in cells)
    if len(cells) >= 2:
        line += f" | {cells[-1][1] / max(cells[-2][1], 1e-3):.1f}"
    print(line + " |")
worst_c = max(c[1] for _, _, cells in rows for c in cells)
worst_w = max(c[0] for _, _, cells in rows for c in cells)
worst_m = max(c[2] for _, _, cells in rows for c in cells)
print(f"\nlargest: {worst_c*1000:.0f} ms CPU, {worst_w*1000:.0f} ms wall, {worst_m/1024:.1f} MB peak RSS")
approx = [(s, c) for s, c, cells in rows if any(x[3] for x in cells)]
if approx:
    # The budget is far above what any of them needs: an approximate answer here is a
    # regression of the analyses, not a slow machine.
    print("approximate answers: " + ", ".join(f"{s} {c}" for s, c in approx))
    sys.exit(1)
PY
