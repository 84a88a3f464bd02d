RUN: disasm small.s
