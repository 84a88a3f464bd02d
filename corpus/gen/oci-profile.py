#!/usr/bin/env python3
"""Turn an OCI/Docker seccomp JSON profile into the rule list oci-profile.c compiles.

usage: oci-profile.py PROFILE.json ARCH CAPS
  ARCH: libseccomp arch name of the main arch (x86_64, aarch64, s390x)
  CAPS: comma-separated capabilities the container holds (for includes/excludes "caps")

Follows the OCI runtimes' reading of the profile: archMap gives the main arch and its
sub-architectures; a syscalls[] entry applies when every `includes` condition holds and
no `excludes` condition does (arches in Go names, caps, minKernel taken as satisfied);
errnoRet (default 1 = EPERM) for SCMP_ACT_ERRNO; when the conditions of one entry name
distinct argument indexes they form one rule (AND), otherwise one rule per condition.
Output lines: `default HEX`, `arch NAME`, `rule HEX NAME N [IDX OP V1 V2]...`.
"""
import json
import sys

GO_ARCH = {"x86_64": "amd64", "x86": "386", "x32": "x32", "aarch64": "arm64", "arm": "arm",
           "s390x": "s390x", "s390": "s390"}
SCMP_ARCH = {"SCMP_ARCH_X86_64": "x86_64", "SCMP_ARCH_X86": "x86", "SCMP_ARCH_X32": "x32",
             "SCMP_ARCH_AARCH64": "aarch64", "SCMP_ARCH_ARM": "arm",
             "SCMP_ARCH_S390X": "s390x", "SCMP_ARCH_S390": "s390"}
OPS = {"SCMP_CMP_NE": 1, "SCMP_CMP_LT": 2, "SCMP_CMP_LE": 3, "SCMP_CMP_EQ": 4,
       "SCMP_CMP_GE": 5, "SCMP_CMP_GT": 6, "SCMP_CMP_MASKED_EQ": 7}


def action(name, errno):
    if name == "SCMP_ACT_ALLOW":
        return 0x7FFF0000
    if name == "SCMP_ACT_ERRNO":
        return 0x00050000 | (1 if errno is None else errno)
    if name == "SCMP_ACT_KILL" or name == "SCMP_ACT_KILL_THREAD":
        return 0
    if name == "SCMP_ACT_KILL_PROCESS":
        return 0x80000000
    if name == "SCMP_ACT_TRAP":
        return 0x00030000
    if name == "SCMP_ACT_LOG":
        return 0x7FFC0000
    if name == "SCMP_ACT_TRACE":
        return 0x7FF00000 | (1 if errno is None else errno)
    raise SystemExit(f"unknown action {name}")


def main():
    path, arch, caps = sys.argv[1], sys.argv[2], set(filter(None, sys.argv[3].split(",")))
    p = json.load(open(path))
    arches = [arch]
    for m in p.get("archMap") or []:
        if SCMP_ARCH.get(m["architecture"]) == arch:
            arches += [SCMP_ARCH[s] for s in m.get("subArchitectures") or [] if s in SCMP_ARCH]
    go_arches = {GO_ARCH[a] for a in arches}
    default = action(p["defaultAction"], p.get("defaultErrnoRet"))
    print(f"default 0x{default:08x}")
    for a in arches:
        print(f"arch {a}")
    for s in p["syscalls"]:
        inc, exc = s.get("includes") or {}, s.get("excludes") or {}
        if inc.get("arches") and not go_arches & set(inc["arches"]):
            continue
        if inc.get("caps") and not set(inc["caps"]) <= caps:
            continue
        if exc.get("arches") and go_arches & set(exc["arches"]):
            continue
        if exc.get("caps") and set(exc["caps"]) & caps:
            continue
        act = action(s["action"], s.get("errnoRet"))
        if act == default:
            continue
        args = s.get("args") or []
        conds = [(a["index"], OPS[a["op"]], a["value"], a.get("valueTwo", 0)) for a in args]
        if len({c[0] for c in conds}) == len(conds):
            groups = [conds]
        else:
            groups = [[c] for c in conds]
        for name in s["names"]:
            for g in groups:
                parts = " ".join(f"{i} {o} {v} {v2}" for i, o, v, v2 in g)
                print(f"rule 0x{act:08x} {name} {len(g)} {parts}".rstrip())


main()
