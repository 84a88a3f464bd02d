RUN: lint lint-one-word.s --arch s390x
EXIT: 1
