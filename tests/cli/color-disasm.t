RUN: --color always disasm ../../corpus/libseccomp-small.bpf
