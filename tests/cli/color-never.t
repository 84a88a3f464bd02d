RUN: disasm small.s --color never
