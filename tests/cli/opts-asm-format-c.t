RUN: asm small.s --format c
EXIT: 2
