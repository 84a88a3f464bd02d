RUN: graph small.s --to dot --format asm
