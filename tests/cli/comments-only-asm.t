RUN: asm comments-only.s -o /dev/null
EXIT: 2
