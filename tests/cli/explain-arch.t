RUN: explain ../../corpus/libseccomp-small.bpf --arch aarch64
