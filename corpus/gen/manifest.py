#!/usr/bin/env python3
"""Rewrite the part of corpus/MANIFEST.md that corpus/capture.sh owns.

usage: manifest.py corpus/capture.tsv corpus/MANIFEST.md
Everything outside the markers is kept as it is.
"""
import sys

BEGIN = "<!-- capture.sh: begin (generated from corpus/capture.tsv; edit NOT_CAPTURED in corpus/gen/manifest.py) -->"
END = "<!-- capture.sh: end -->"

AUDIT = {"x86_64": "AUDIT_ARCH_X86_64 0xc000003e", "aarch64": "AUDIT_ARCH_AARCH64 0xc00000b7",
         "s390x": "AUDIT_ARCH_S390X 0x80000016"}

NOT_CAPTURED = """\
## Cross-endian export in libseccomp 2.5.4 (affects `cross/*-s390x.bpf`)

The s390x files are exactly what `seccomp_export_bpf` of libseccomp 2.5.4 wrote on this
x86_64 machine. Most of each program is big-endian, as an s390x kernel takes it, but some
`ret` operands are in host (little-endian) byte order: `ret #0xff7f` where the policy
says ALLOW (0x7fff0000), `ret #0x1000500` for ERRNO(EPERM) (0x00050001), `ret #0x26000500`
for ERRNO(ENOSYS). Loaded on s390x, such a filter would kill on every allowed syscall.
The files are kept unrepaired (they are the generator's real output);
`tests/corpus_replay.rs` checks the policy on a copy with exactly those operands swapped
back, and checks that the raw file returns the swapped values. A native s390x libseccomp
does not swap at all and is not affected; the aarch64 files (little-endian) are not
affected either.

## Not captured here

- **Docker and podman at run time**: both are packaged in Debian 12, but running a
  container needs an image from a registry, which this machine cannot reach. Their
  profiles' JSON (`/usr/share/containers/seccomp.json` from
  golang-github-containers-common; `profiles/seccomp/default.json` from
  golang-github-docker-docker-dev) are compiled with libseccomp instead, following the OCI
  runtimes' reading of the profile (`corpus/gen/oci-profile.py`); the runtime's own
  additions (runc's ENOSYS stub for syscalls newer than the profile) are not included.
  The x86_64 programs are loaded into a live process by bubblewrap and read back.
- **aarch64 and s390x filters from live processes**: this kernel is x86_64; those entries
  are libseccomp's output, and only the kernel's verdict (which does not depend on the
  arch) is recorded for them.
- **systemd units (`SystemCallFilter=`)**: this machine does not run systemd as init.
- **`file` (libmagic)**: Debian builds it without its seccomp sandbox (kernel facts §12).
"""


def main():
    tsv, manifest = sys.argv[1], sys.argv[2]
    rows = [l.rstrip("\n").split("\t") for l in open(tsv) if l.strip()]
    out = [BEGIN, "", "# Captured from real programs (`corpus/capture.sh`)", "",
           "Each filter below was captured by `corpus/capture.sh` (rerun it as root on Debian 12;",
           "see README.md). x86_64 filters are raw little-endian records in `corpus/`; filters",
           "for other arches are in `corpus/cross/`, in their arch's byte order. The live",
           "kernel's answers (verdict, and exact results on inputs derived from each filter's",
           "constants) are in `corpus/answers/NAME.jsonl`, replayed by `tests/corpus_replay.rs`",
           "with the golden listings in `corpus/disasm/NAME.s`.", ""]
    for name, prog, pkgs, arch, endian, how, task, n, sha, release in rows:
        path = f"corpus/{name}.bpf"
        out += [f"## `{name}.bpf`", "",
                f"- **file**: `{path}` ({int(n) * 8} bytes)",
                f"- **program**: {prog}",
                f"- **package**: {pkgs} (Debian 12)",
                f"- **how captured**: {how}"]
        if task != "-":
            out.append(f"- **task**: {task}")
        out += [f"- **arch**: {arch} ({AUDIT.get(arch, '?')}); records are `struct sock_filter`, 8 bytes each, {endian}-endian",
                f"- **instructions**: {n}",
                f"- **sha256**: `{sha}`",
                f"- **captured on**: Linux `{release}`; kernel answers in `corpus/answers/{name.split('/')[-1]}.jsonl`",
                ""]
    out += [NOT_CAPTURED.rstrip("\n"), "", END]
    text = open(manifest).read()
    block = "\n".join(out) + "\n"
    if BEGIN in text:
        a = text.index(BEGIN)
        b = text.index(END) + len(END) + 1
        text = text[:a] + block + text[b:]
    else:
        text = text.rstrip("\n") + "\n\n" + block
    open(manifest, "w").write(text)


main()
