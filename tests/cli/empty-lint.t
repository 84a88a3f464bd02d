RUN: lint empty.bpf
EXIT: 1
