RUN: asm small.s --to line
