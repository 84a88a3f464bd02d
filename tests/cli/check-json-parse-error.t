RUN: check --json small.s c-unbalanced.c
EXIT: 2
