RUN: asm small.s --format asm --output-format c
