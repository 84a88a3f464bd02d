RUN: explain empty.bpf
EXIT: 1
