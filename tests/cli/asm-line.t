RUN: asm small.s --format line
