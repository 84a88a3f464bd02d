#!/bin/bash
# Capture the seccomp filters real programs install, with `secbpf dump`, into corpus/.
#
#   sudo corpus/capture.sh            # everything (Debian 12, x86_64, root)
#   sudo corpus/capture.sh tor qemu   # only these captures
#
# Installs the Debian packages it needs with apt-get, builds secbpf, runs each program
# under `secbpf dump` (anything that listens binds to 127.0.0.1 only; nothing contacts
# the network), writes corpus/NAME.bpf (x86_64, little-endian) and corpus/cross/*.bpf
# (container profiles compiled for other arches, in that arch's byte order), and
# rewrites the generated part of corpus/MANIFEST.md (between the capture.sh markers).
# Then record the kernel's answers: see corpus/answers/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
ONLY=" ${*:-} "
want() { [ "$ONLY" = "  " ] || [[ "$ONLY" == *" $1 "* ]]; }

PKGS="man-db chrony tor vsftpd openssh-server openssh-client firejail qemu-system-x86 lxc
      bubblewrap golang-github-containers-common golang-github-docker-docker-dev
      libseccomp-dev gcc python3"
if [ "$(id -u)" != 0 ]; then echo "capture.sh: run as root (ptrace's PTRACE_SECCOMP_GET_FILTER needs CAP_SYS_ADMIN)" >&2; exit 2; fi
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
dpkg-query -W $PKGS >/dev/null 2>&1 || { apt-get update && apt-get install -y --no-install-recommends $PKGS; }
cargo build --release --quiet
S=$ROOT/target/release/secbpf
W=$(mktemp -d /tmp/secbpf-capture.XXXXXX)
trap 'rm -rf "$W"' EXIT
LOG=$ROOT/corpus/capture.tsv      # one line per captured filter, read by the MANIFEST writer
touch "$LOG"
RELEASE=$(uname -r)

ver() { dpkg-query -W -f='${Version}' "$1"; }

# record NAME PROGRAM PACKAGE ARCH ENDIAN HOW TASK FILE
record() {
    local name=$1 file=$ROOT/corpus/$1.bpf
    [[ "$1" == cross/* ]] && file=$ROOT/corpus/$1.bpf
    cp "$8" "$file"
    local n=$(( $(stat -c %s "$file") / 8 )) sum
    sum=$(sha256sum "$file" | cut -d' ' -f1)
    grep -v "^$name	" "$LOG" > "$LOG.new" || true
    local pkgs="" p
    for p in $3; do pkgs="${pkgs:+$pkgs, }$p $(ver "$p")"; done
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$2" "$pkgs" "$4" "$5" \
        "$6" "$7" "$n" "$sum" "$RELEASE" >> "$LOG.new"
    sort -o "$LOG" "$LOG.new" && rm -f "$LOG.new"
    echo "captured $name: $n instructions"
}

# dump NAME SECS ARGS... : run ARGS under secbpf dump; $W/NAME/ gets i.bpf, $W/NAME.json the listing
dump() {
    local name=$1 secs=$2; shift 2
    rm -rf "${W:?}/$name"
    # The command's standard output goes to stderr so that stdout holds only the JSON.
    "$S" dump --json --timeout "$secs" -o "$W/$name" -- sh -c 'exec "$@" >&2' sh "$@" > "$W/$name.json" 2> "$W/$name.err" || {
        echo "capture.sh: $name: secbpf dump failed:" >&2; cat "$W/$name.err" >&2; return 1; }
}

# tasks NAME I : "comm exe" of the task(s) whose chain holds filter I
tasks() {
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); i=int(sys.argv[2])
print("; ".join(sorted({"%s (%s), chain %s" % (t["comm"], t["exe"], t["filters"]) for t in d["tasks"] if i in t["filters"]})))' "$W/$1.json" "$2"
}

# each NAME PROGRAM PACKAGE HOW : record every filter NAME's dump produced (NAME-i if several)
each() {
    local name=$1 n i out
    n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["filters"]))' "$W/$name.json")
    for ((i = 0; i < n; i++)); do
        out=$name; [ "$n" -gt 1 ] && out=$name-$i
        record "$out" "$2" "$3" x86_64 little "$4 (filter $i of $n distinct)" "$(tasks "$name" "$i")" "$W/$name/$i.bpf"
    done
}

if want man; then
    printf '.TH SECBPF 1\n.SH NAME\nsecbpf \\- capture\n.SH DESCRIPTION\nA page.\n' > "$W/page.1"
    dump man 20 man -l -P cat "$W/page.1"
    each man man man-db "secbpf dump -- man -l -P cat page.1 (man-db's sandbox in its children)"
fi

if want chronyd; then
    printf 'port 0\ncmdport 0\npidfile %s/chronyd.pid\n' "$W" > "$W/chrony.conf"
    dump chronyd 10 chronyd -d -x -F 1 -f "$W/chrony.conf"
    each chronyd chronyd chrony "secbpf dump --timeout 10 -- chronyd -d -x -F 1 -f chrony.conf (port 0, cmdport 0: no sockets; -x: clock untouched)"
fi

if want tor; then
    mkdir -p "$W/tor" && chmod 700 "$W/tor"
    printf 'Sandbox 1\nDisableNetwork 1\nSocksPort 0\nControlPort 0\nORPort 0\nDataDirectory %s/tor\nLog notice stdout\nRunAsDaemon 0\n' "$W" > "$W/torrc"
    dump tor 20 tor -f "$W/torrc" --defaults-torrc /dev/null
    each tor tor tor "secbpf dump --timeout 20 -- tor -f torrc (Sandbox 1, DisableNetwork 1, no ports)"
fi

if want vsftpd; then
    mkdir -p /var/run/vsftpd/empty
    printf 'listen=YES\nlisten_ipv6=NO\nlisten_address=127.0.0.1\nlisten_port=2121\nbackground=NO\nseccomp_sandbox=YES\nanonymous_enable=YES\nlocal_enable=NO\nsecure_chroot_dir=/var/run/vsftpd/empty\nanon_root=/var/run/vsftpd/empty\nconnect_from_port_20=NO\n' > "$W/vsftpd.conf"
    ( sleep 2; python3 -c '
import socket, time
s = socket.create_connection(("127.0.0.1", 2121)); s.recv(100)
for c in (b"USER anonymous\r\n", b"PASS x\r\n"):
    s.send(c); s.recv(100)
time.sleep(1); s.send(b"QUIT\r\n"); time.sleep(0.5)' ) &
    dump vsftpd 8 vsftpd "$W/vsftpd.conf"
    wait
    each vsftpd vsftpd vsftpd "secbpf dump --timeout 8 -- vsftpd vsftpd.conf (seccomp_sandbox=YES, listen 127.0.0.1:2121) while a local client logs in anonymously and quits"
fi

if want sshd; then
    mkdir -p /run/sshd
    ssh-keygen -q -t ed25519 -N '' -f "$W/hostkey"
    printf 'ListenAddress 127.0.0.1\nPort 2222\nHostKey %s/hostkey\nPidFile none\nUsePAM no\n' "$W" > "$W/sshd_config"
    ( sleep 2; timeout 10 ssh -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
        -p 2222 nobody@127.0.0.1 true >/dev/null 2>&1 || true ) &
    dump sshd-preauth 8 /usr/sbin/sshd -D -e -f "$W/sshd_config"
    wait
    each sshd-preauth sshd openssh-server "secbpf dump --timeout 8 -- /usr/sbin/sshd -D -e -f sshd_config (127.0.0.1:2222) while a local ssh client connects and fails to authenticate"
fi

if want firejail; then
    dump firejail 20 firejail --noprofile --seccomp --quiet -- /bin/true
    each firejail firejail firejail "secbpf dump -- firejail --noprofile --seccomp -- /bin/true (firejail's default filter)"
fi

if want qemu; then
    dump qemu 8 qemu-system-x86_64 -sandbox on -nodefaults -display none -machine none -S -monitor none -serial none
    each qemu qemu-system-x86_64 qemu-system-x86 "secbpf dump --timeout 8 -- qemu-system-x86_64 -sandbox on -nodefaults -display none -machine none -S"
fi

if want lxc; then
    mkdir -p "$W/lxcpath"
    printf 'lxc.include = /usr/share/lxc/config/common.conf\nlxc.uts.name = secbpf-capture\nlxc.net.0.type = empty\nlxc.apparmor.profile = unconfined\nlxc.log.level = ERROR\n' > "$W/lxc.conf"
    dump lxc 30 lxc-execute -P "$W/lxcpath" -n secbpfcapture -f "$W/lxc.conf" -- /bin/true
    each lxc lxc-execute lxc "secbpf dump -- lxc-execute -f lxc.conf -- /bin/true (lxc.include common.conf, whose lxc.seccomp.profile is /usr/share/lxc/config/common.seccomp; host rootfs, network type empty)"
fi

# Container profiles compiled with libseccomp (corpus/gen/oci-profile.{py,c}).
PODMAN_JSON=/usr/share/containers/seccomp.json
DOCKER_JSON=$(dpkg -L golang-github-docker-docker-dev | grep -m1 '/profiles/seccomp/default.json$' || true)
PODMAN_CAPS=CAP_CHOWN,CAP_DAC_OVERRIDE,CAP_FOWNER,CAP_FSETID,CAP_KILL,CAP_NET_BIND_SERVICE,CAP_SETFCAP,CAP_SETGID,CAP_SETPCAP,CAP_SETUID,CAP_SYS_CHROOT
DOCKER_CAPS=CAP_CHOWN,CAP_DAC_OVERRIDE,CAP_FSETID,CAP_FOWNER,CAP_MKNOD,CAP_NET_RAW,CAP_SETGID,CAP_SETUID,CAP_SETFCAP,CAP_SETPCAP,CAP_NET_BIND_SERVICE,CAP_SYS_CHROOT,CAP_KILL,CAP_AUDIT_WRITE
gcc -O2 -Wall -o "$W/oci-profile" corpus/gen/oci-profile.c -lseccomp
# profile NAME JSON CAPS PACKAGE ARCH ENDIAN
profile() {
    python3 corpus/gen/oci-profile.py "$2" "$5" "$3" > "$W/$1-$5.rules"
    "$W/oci-profile" "$W/$1-$5.bpf" < "$W/$1-$5.rules" 2> "$W/$1-$5.err"
}
if want profiles; then
    for spec in "podman $PODMAN_JSON $PODMAN_CAPS golang-github-containers-common" \
                "docker $DOCKER_JSON $DOCKER_CAPS golang-github-docker-docker-dev"; do
        set -- $spec
        [ "$#" = 4 ] || { echo "capture.sh: no JSON profile for ${1}" >&2; continue; }
        for arch in x86_64 aarch64 s390x; do
            endian=little; [ "$arch" = s390x ] && endian=big
            profile "$1" "$2" "$3" "$4" "$arch" "$endian"
            how="libseccomp $(ver libseccomp-dev) seccomp_export_bpf of $2 for $arch and its sub-arches (archMap), caps ${3//CAP_/}, through corpus/gen/oci-profile.py + oci-profile.c"
            if [ "$arch" = x86_64 ]; then
                # Loaded for real: bubblewrap installs it (bwrap --seccomp FD) and secbpf dump reads it back.
                dump "bwrap-$1" 10 sh -c "exec bwrap --ro-bind / / --dev /dev --proc /proc --die-with-parent --seccomp 9 /bin/true 9< '$W/$1-$arch.bpf'"
                cmp "$W/bwrap-$1/0.bpf" "$W/$1-$arch.bpf"
                record "$1-$arch" "$1's seccomp profile, loaded by bwrap" "$4 bubblewrap libseccomp-dev" "$arch" "$endian" \
                    "$how; then loaded by bubblewrap $(ver bubblewrap) (bwrap --ro-bind / / --dev /dev --proc /proc --seccomp 9 /bin/true) and read back from the live process by secbpf dump (byte-identical)" \
                    "$(tasks "bwrap-$1" 0)" "$W/bwrap-$1/0.bpf"
            else
                record "cross/$1-$arch" "$1's seccomp profile" "$4 libseccomp-dev" "$arch" "$endian" "$how (not loadable on this x86_64 kernel)" "-" "$W/$1-$arch.bpf"
            fi
        done
    done
fi

python3 corpus/gen/manifest.py "$LOG" corpus/MANIFEST.md
echo "capture.sh: done; now record the kernel's answers (corpus/answers/README.md)"
