RUN: check --no-nnp small.s
EXIT: 1
