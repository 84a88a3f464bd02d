RUN: check --json no-such-file.bpf
EXIT: 2
