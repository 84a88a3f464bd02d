RUN: run small.s --syscall openat
