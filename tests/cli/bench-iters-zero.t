RUN: bench small.s --iters 0
EXIT: 2
