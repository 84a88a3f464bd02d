#!/usr/bin/env python3
"""Record the expected outputs of tests/scmp_bpf_sim.rs from libseccomp's real tool.

usage: record-scmp-bpf-sim.py REAL_SCMP_BPF_SIM [FILES_DIR]

Runs REAL_SCMP_BPF_SIM (libseccomp's tools/scmp_bpf_sim; tests/conformance/libseccomp.sh
keeps it as tools/scmp_bpf_sim.libseccomp) with argv[0] "scmp_bpf_sim" on the arguments
of every case in scmp_bpf_sim.golden.jsonl (beside this script), `@name` standing for
FILES_DIR/name.bpf (default target/tmp/scmp_bpf_sim, written by
`cargo test --test scmp_bpf_sim`), and rewrites the file with the tool's stdout, stderr
and exit status. Review the diff before committing it.
"""
import json
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
golden = os.path.join(here, "scmp_bpf_sim.golden.jsonl")
tool = os.path.abspath(sys.argv[1])
files = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "..", "..", "target", "tmp", "scmp_bpf_sim")
files = os.path.abspath(files)

env = dict(os.environ)
env.pop("POSIXLY_CORRECT", None)
out = []
with open(golden) as f:
    for line in f:
        if not line.strip():
            continue
        args = json.loads(line)["args"]
        argv = [os.path.join(files, a[1:] + ".bpf") if a.startswith("@") else a for a in args]
        p = subprocess.run(["scmp_bpf_sim"] + argv, executable=tool, capture_output=True, env=env, timeout=10)
        out.append(json.dumps({"args": args, "stdout": p.stdout.decode(), "stderr": p.stderr.decode(),
                               "exit": p.returncode}))
with open(golden, "w") as f:
    f.write("\n".join(out) + "\n")
print(f"recorded {len(out)} cases from {tool}")
