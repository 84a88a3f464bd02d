RUN: disasm empty.bpf
EXIT: 1
