RUN: run small.s --nr openat
EXIT: 2
