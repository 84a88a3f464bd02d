RUN: check empty.bpf
EXIT: 1
