RUN: run filter.ddd --syscall getpid
