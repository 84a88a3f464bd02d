RUN: diff empty.bpf small.s
EXIT: 1
