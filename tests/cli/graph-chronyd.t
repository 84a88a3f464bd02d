RUN: graph ../../corpus/chronyd.bpf
