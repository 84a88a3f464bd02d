RUN: check c-unbalanced.c
EXIT: 2
