RUN: lint lint-bad.s
EXIT: 1
