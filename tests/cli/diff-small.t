RUN: diff small.s diff-small-b.s
EXIT: 1
