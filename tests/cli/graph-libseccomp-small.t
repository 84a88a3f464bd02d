RUN: graph ../../corpus/libseccomp-small.bpf
