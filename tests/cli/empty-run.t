RUN: run empty.bpf --nr 1
EXIT: 1
