RUN: asm empty.bpf
EXIT: 1
