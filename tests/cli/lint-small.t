RUN: lint small.s
