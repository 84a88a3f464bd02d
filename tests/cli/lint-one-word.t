RUN: lint lint-one-word.s
EXIT: 1
