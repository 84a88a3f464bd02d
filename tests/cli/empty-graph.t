RUN: graph empty.bpf
EXIT: 1
