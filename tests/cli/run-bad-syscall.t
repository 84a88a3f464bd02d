RUN: run small.s --syscall no_such_call
EXIT: 2
