RUN: disasm small.s --to line
