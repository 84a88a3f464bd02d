RUN: disasm small.s --color sometimes
EXIT: 2
