RUN: lint ../../corpus/qemu.bpf
