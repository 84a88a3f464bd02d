#!/usr/bin/env python3
"""Start-up time of commands: each is run N times (stdout and stderr to /dev/null), in
interleaved rounds so that load on a shared machine falls on all of them alike; prints
the mean and the best round's mean per run, in milliseconds, and each one's ratio to
the first command's.

usage: benches/startup.py [-n N] [--rounds R] -- 'LABEL=CMD ARGS' 'LABEL=CMD ARGS' ...
"""
import argparse
import os
import shlex
import subprocess
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=1000, help="runs per command in all")
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("cmds", nargs="+", help="LABEL=COMMAND")
    a = ap.parse_args()
    cmds = []
    for c in a.cmds:
        label, _, cmd = c.partition("=")
        argv = shlex.split(cmd)
        r = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if r.returncode != 0:
            sys.exit(f"{label}: {cmd} exits {r.returncode}")
        cmds.append((label, argv))
    per_round = max(1, a.n // a.rounds)
    total = {label: 0.0 for label, _ in cmds}
    best = {label: float("inf") for label, _ in cmds}
    null = os.open(os.devnull, os.O_WRONLY)
    for _ in range(a.rounds):
        for label, argv in cmds:
            t = time.perf_counter()
            for _ in range(per_round):
                pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=[
                    (os.POSIX_SPAWN_DUP2, null, 1), (os.POSIX_SPAWN_DUP2, null, 2)])
                os.waitpid(pid, 0)
            dt = time.perf_counter() - t
            total[label] += dt
            best[label] = min(best[label], dt / per_round)
    runs = per_round * a.rounds
    first = cmds[0][0]
    print(f"{'command':<28} {'mean ms':>8} {'best-round ms':>14} {'x ' + first:>12}")
    for label, _ in cmds:
        mean = total[label] / runs * 1e3
        ratio = total[label] / total[first]
        print(f"{label:<28} {mean:>8.3f} {best[label] * 1e3:>14.3f} {ratio:>12.2f}")


if __name__ == "__main__":
    main()
