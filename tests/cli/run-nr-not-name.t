RUN: run small.s --nr foo
EXIT: 2
