RUN: explain ../../corpus/libseccomp-small.bpf --color always
