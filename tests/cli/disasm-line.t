RUN: disasm small.s --format line
