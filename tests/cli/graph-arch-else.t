RUN: graph graph-arch-else.s --arch aarch64
