RUN: diff small.s
EXIT: 2
