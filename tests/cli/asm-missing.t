RUN: asm no-such-file.s
EXIT: 2
