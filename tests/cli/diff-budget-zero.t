RUN: diff --budget-memory 0 small.s small.s
EXIT: 2
