RUN: diff small.s diff-small-b.s --arch aarch64
EXIT: 0
