RUN: check --programs empty.bpf
EXIT: 2
