RUN: run two-arch.s --arch x86 --nr 11 --trace
