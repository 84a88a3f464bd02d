RUN: graph graph-noarch.s --arch aarch64
