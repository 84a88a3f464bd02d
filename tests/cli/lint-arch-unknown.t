RUN: lint lint-one-word.s --arch nosuch
EXIT: 2
