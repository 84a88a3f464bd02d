RUN: lint lint-bare-ret.s
EXIT: 1
