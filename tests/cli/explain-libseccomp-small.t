RUN: explain ../../corpus/libseccomp-small.bpf
