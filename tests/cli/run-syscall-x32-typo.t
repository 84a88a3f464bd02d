RUN: run small.s --arch x32 --syscall reed
EXIT: 2
