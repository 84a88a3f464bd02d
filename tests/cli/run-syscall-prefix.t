RUN: run small.s --syscall exec
EXIT: 2
