RUN: disasm small.s --to c
