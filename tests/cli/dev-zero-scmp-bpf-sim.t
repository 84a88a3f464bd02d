RUN: scmp-bpf-sim -v -f /dev/zero -a x86_64 -s 1
EXIT: 14
