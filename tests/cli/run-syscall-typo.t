RUN: run small.s --syscall opnat
EXIT: 2
