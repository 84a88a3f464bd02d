RUN: disasm small.s --format c
