#!/usr/bin/env bash
# Regenerate the libseccomp-built filters of corpus/ and corpus/MANIFEST.md.
#
#   corpus/gen/build.sh            # needs gcc; installs libseccomp-dev with apt if missing
#   corpus/gen/build.sh --no-kernel  # skip the real-kernel check (no seccomp available)
#
# Steps: build corpus/gen/libseccomp-profile.c against the system libseccomp, run it to
# write corpus/libseccomp-*.bpf (+ .pfc), build corpus/gen/kernel-check.c, install each
# filter in a forked child with the running kernel (plus a few harmless probe syscalls),
# and write corpus/MANIFEST.md.  Only meaningful on x86_64 (the filters are exported in
# host byte order and the probes are x86_64 syscall numbers).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
corpus="$(cd "$here/.." && pwd)"
kernel_check=1
[[ "${1:-}" == "--no-kernel" ]] && kernel_check=0

if [[ "$(uname -m)" != "x86_64" ]]; then
    echo "build.sh: expected an x86_64 host, got $(uname -m)" >&2
    exit 1
fi

if ! dpkg-query -W -f='${Status}' libseccomp-dev 2>/dev/null | grep -q "install ok installed"; then
    echo "installing libseccomp-dev..." >&2
    apt-get install -y libseccomp-dev >&2 || { apt-get update >&2 && apt-get install -y libseccomp-dev >&2; }
fi
command -v gcc >/dev/null || apt-get install -y gcc >&2

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

gcc -O2 -Wall -Wextra -o "$tmp/libseccomp-profile" "$here/libseccomp-profile.c" -lseccomp
gcc -O2 -Wall -Wextra -o "$tmp/kernel-check" "$here/kernel-check.c"
"$tmp/libseccomp-profile" "$corpus" 2> "$tmp/gen.log"
cat "$tmp/gen.log" >&2

n_x86_64=$(awk '/filter for arch/{a=$5} /filter for syscall/ && a=="x86_64"{n++} END{print n}' "$corpus/libseccomp-container.pfc")
version="$(dpkg-query -W -f='${Version}' libseccomp-dev)"
kernel="$(uname -r)"

# probes: "NR [ARGS...]|what it is"; only syscalls that are harmless to really run.
probes_container=(
    "39|getpid (allowed)"
    "101|ptrace (not listed: default ERRNO(EPERM))"
    "435|clone3 (ERRNO(ENOSYS) rule)"
    "56 0x10000011|clone(CLONE_NEWUSER|SIGCHLD) (masked arg rule fails: EPERM)"
    "41 17 3 0|socket(AF_PACKET, SOCK_RAW, 0) (domain not listed: EPERM)"
    "135 1|personality(1) (persona not listed: EPERM)"
    "0x40000027|x32 getpid (allowed by the filter; ENOSYS if the kernel lacks x32)"
)
probes_small=(
    "257|openat (ERRNO(EACCES) rule)"
    "39|getpid (not listed: KILL_PROCESS)"
    "9 0 4096 4 0x22 -1 0|mmap(PROT_EXEC) (masked arg rule fails: KILL_PROCESS)"
    "0x40000027|x32 getpid (x32 numbers: KILL_PROCESS)"
)

entry() {
    local name="$1" desc="$2" how="$3" arch="$4"
    shift 4
    local file="$corpus/$name.bpf"
    local bytes insns sha verdict
    bytes=$(stat -c %s "$file")
    insns=$((bytes / 8))
    sha=$(sha256sum "$file" | cut -d' ' -f1)
    echo "## \`$name.bpf\`"
    echo
    echo "$desc"
    echo
    echo "- **file**: \`corpus/$name.bpf\` ($bytes bytes; text form \`corpus/$name.pfc\`)"
    echo "- **producer**: libseccomp \`$version\` (Debian 12 package \`libseccomp-dev\`), \`seccomp_export_bpf()\`"
    echo "- **how generated**: $how"
    echo "- **arch**: $arch; records are \`struct sock_filter\`, 8 bytes each, little-endian"
    echo "- **instructions**: $insns"
    echo "- **sha256**: \`$sha\`"
    if (( kernel_check )); then
        verdict=$("$tmp/kernel-check" "$file" || true)
        echo "- **kernel**: $verdict by Linux \`$kernel\` (\`corpus/gen/kernel-check\`: fork, \`PR_SET_NO_NEW_PRIVS\`, \`seccomp(SECCOMP_SET_MODE_FILTER)\`)"
        echo "- **kernel probes** (syscall made for real under the installed filter):"
        local p args what out
        for p in "$@"; do
            args="${p%%|*}"
            what="${p#*|}"
            # shellcheck disable=SC2086
            out=$("$tmp/kernel-check" "$file" $args || true)
            out="${out#accepted; probe nr=*: }"
            # a successful getpid returns the (varying) pid: keep the file reproducible
            out="$(sed -E 's/^ret=[0-9]+$/ret>0 (success)/' <<<"$out")"
            echo "  - \`$args\` $what → $out"
        done
    else
        echo "- **kernel**: not checked (build.sh --no-kernel)"
    fi
    echo
}

{
    echo "# Filter corpus"
    echo
    echo "Real seccomp filters as raw \`struct sock_filter\` arrays (what \`seccomp(2)\` takes),"
    echo "used by \`tests/corpus.rs\`, \`benches/run.rs\` and \`benches/compare-libpcap.sh\`."
    echo "Regenerate everything, this file included, with \`corpus/gen/build.sh\`"
    echo "(last run on Linux \`$kernel\` with $(gcc --version | head -1))."
    echo
    entry libseccomp-container \
        "Container-style allowlist modelled on Docker's default profile: the unconditional allow list of moby's \`profiles/seccomp/default.json\` ($n_x86_64 syscalls with x86_64 rules, counted in the .pfc), \`personality\` only for personas 0x0/0x8/0x20000/0x20008/0xffffffff, \`clone\` only when \`(flags & 0x7e020000) == 0\` (no new namespaces), \`clone3\` → ERRNO(ENOSYS), \`socket\` only for AF_UNIX/AF_INET/AF_INET6/AF_NETLINK; default action ERRNO(EPERM) (0x00050001), bad-arch action libseccomp's default KILL_THREAD (0x00000000)." \
        "\`corpus/gen/libseccomp-profile.c\` (\`container_policy()\`) built with \`gcc -O2 ... -lseccomp\` and run by \`corpus/gen/build.sh\`; libseccomp's default (priority-ordered, unoptimized) layout" \
        "x86_64 (AUDIT_ARCH_X86_64 0xc000003e), x86 (AUDIT_ARCH_I386 0x40000003) and x32 (0xc000003e with nr ≥ 0x40000000)" \
        "${probes_container[@]}"
    entry libseccomp-small \
        "Strict sandbox: allow read, write, close, fstat, lseek, munmap, brk, rt_sigreturn, rt_sigprocmask, futex, clock_gettime, exit, exit_group; \`mmap\` only when \`(prot & PROT_EXEC) == 0\`; \`open\`/\`openat\` → ERRNO(EACCES) (0x0005000d); default and bad-arch action KILL_PROCESS (0x80000000)." \
        "\`corpus/gen/libseccomp-profile.c\` (\`small_policy()\`), same build" \
        "x86_64 only (AUDIT_ARCH_X86_64 0xc000003e; x32 syscall numbers are refused by libseccomp's \`nr >= 0x40000000\` check)" \
        "${probes_small[@]}"
} > "$corpus/MANIFEST.md"
# Keep the entries of the filters corpus/capture.sh captured (generated from capture.tsv).
if [ -s "$corpus/capture.tsv" ]; then
    python3 "$corpus/gen/manifest.py" "$corpus/capture.tsv" "$corpus/MANIFEST.md"
fi

echo "wrote $corpus/libseccomp-container.bpf $corpus/libseccomp-small.bpf $corpus/MANIFEST.md" >&2
