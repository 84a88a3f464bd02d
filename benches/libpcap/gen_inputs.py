#!/usr/bin/env python3
"""Write benchmark inputs as struct seccomp_data records, in two equivalent forms.

  gen_inputs.py --mix uniform|hot|outside|i386 [--count N] --bin OUT.bin --jsonl OUT.jsonl
  gen_inputs.py --from-bin IN.bin --jsonl OUT.jsonl      # convert
  gen_inputs.py --from-jsonl IN.jsonl --bin OUT.bin      # convert

OUT.bin: 64-byte records in native byte order (nr, arch, instruction_pointer,
args[6]), what `secbpf bench/run --inputs` and benches/libpcap/pcap_bench take.
OUT.jsonl: one {"arch": .., "nr": .., "ip": .., "args": [..6..]} per line, the same
cases in the same order, for `secbpf run --inputs X.jsonl --json`.

The mixes are the ones of benches/run.rs (same SplitMix64 seeds and draws, so the
same inputs): `uniform` draws x86_64 syscall numbers over 0..=450, `hot` is 80%
read/write/futex/epoll_wait/mmap. Two more: `outside` draws numbers no per-number table
covers (nr 512..65535, x32 numbers, random 32-bit values, -1) and `i386` the uniform
numbers for the i386 arch.
"""
import argparse
import json
import struct
import sys

AUDIT_ARCH_X86_64 = 0xC000003E
AUDIT_ARCH_I386 = 0x40000003
M64 = (1 << 64) - 1
REC = struct.Struct("=IIQ6Q")  # native byte order, no padding: 64 bytes
assert REC.size == 64


class Rng:
    """SplitMix64, as in benches/run.rs."""

    def __init__(self, seed):
        self.s = seed

    def next(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & M64
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        return z ^ (z >> 31)

    def below(self, n):
        return self.next() % n

    def pick(self, items):
        return items[self.below(len(items))]


def typical_args(rng):
    args = []
    for _ in range(6):
        k = rng.below(6)
        if k == 0:
            a = rng.below(64)
        elif k == 1:
            a = 0x7FFC00000000 + (rng.below(1 << 28) << 4)
        elif k == 2:
            a = 0x555555550000 + (rng.below(1 << 20) << 3)
        elif k == 3:
            a = 1 << rng.below(16)
        elif k == 4:
            a = rng.pick([0, 0x11, 0x3D0F00, 0x80000, 0x80])
        else:
            a = 0
        args.append(a)
    return args


def one(rng, nr):
    ip = 0x7F0000000000 + rng.below(1 << 32)
    return {"arch": AUDIT_ARCH_X86_64, "nr": nr, "ip": ip, "args": typical_args(rng)}


def uniform(count):
    rng = Rng(0x5ECB9F0000000001)
    out = []
    for _ in range(count):
        nr = rng.below(451)
        out.append(one(rng, nr))
    return out


def hot(count):
    HOT = [0, 1, 202, 232, 9]
    WARM = [3, 5, 7, 8, 11, 13, 14, 44, 45, 228, 257, 262]
    rng = Rng(0x5ECB9F0000000002)
    out = []
    for _ in range(count):
        nr = rng.pick(HOT) if rng.below(10) < 8 else rng.pick(WARM)
        out.append(one(rng, nr))
    return out


def outside(count):
    """Numbers no per-number table covers: what a fuzzer or a hostile process sends."""
    rng = Rng(0x5ECB9F0000000003)
    out = []
    for _ in range(count):
        k = rng.below(4)
        if k == 0:
            nr = 512 + rng.below(65536 - 512)
        elif k == 1:
            nr = 0x40000000 + rng.below(548)  # x32
        elif k == 2:
            nr = rng.next() & 0xFFFFFFFF
        else:
            nr = 0xFFFFFFFF  # -1
        out.append(one(rng, nr))
    return out


def i386(count):
    """The uniform mix's numbers for the i386 arch (int 0x80 on x86_64)."""
    rng = Rng(0x5ECB9F0000000004)
    out = []
    for _ in range(count):
        c = one(rng, rng.below(451))
        c["arch"] = AUDIT_ARCH_I386
        c["args"] = [a & 0xFFFFFFFF for a in c["args"]]
        c["ip"] &= 0xFFFFFFFF
        out.append(c)
    return out


MIXES = {"uniform": uniform, "hot": hot, "outside": outside, "i386": i386}


def write_bin(cases, path):
    with open(path, "wb") as f:
        for c in cases:
            f.write(REC.pack(c["nr"], c["arch"], c["ip"], *c["args"]))


def write_jsonl(cases, path):
    with open(path, "w") as f:
        for c in cases:
            f.write(json.dumps({"arch": c["arch"], "nr": c["nr"], "ip": c["ip"], "args": c["args"]}) + "\n")


def read_bin(path):
    data = open(path, "rb").read()
    if len(data) % 64:
        sys.exit(f"{path}: not whole 64-byte records")
    cases = []
    for off in range(0, len(data), 64):
        nr, arch, ip, *args = REC.unpack_from(data, off)
        cases.append({"arch": arch, "nr": nr, "ip": ip, "args": args})
    return cases


def read_jsonl(path):
    cases = []
    for line in open(path):
        if line.strip():
            c = json.loads(line)
            args = list(c.get("args", [])) + [0] * (6 - len(c.get("args", [])))
            cases.append({"arch": c["arch"] & 0xFFFFFFFF, "nr": c["nr"] & 0xFFFFFFFF,
                          "ip": c.get("ip", 0) & M64, "args": [a & M64 for a in args]})
    return cases


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--mix", choices=sorted(MIXES))
    src.add_argument("--from-bin")
    src.add_argument("--from-jsonl")
    ap.add_argument("--count", type=int, default=4096)
    ap.add_argument("--bin")
    ap.add_argument("--jsonl")
    a = ap.parse_args()
    if a.mix:
        cases = MIXES[a.mix](a.count)
    elif a.from_bin:
        cases = read_bin(a.from_bin)
    else:
        cases = read_jsonl(a.from_jsonl)
    if a.bin:
        write_bin(cases, a.bin)
    if a.jsonl:
        write_jsonl(cases, a.jsonl)
    print(f"{len(cases)} inputs", file=sys.stderr)


if __name__ == "__main__":
    main()
