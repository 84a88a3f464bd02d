RUN: check shift32.s
EXIT: 1
