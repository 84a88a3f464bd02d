RUN: check small.s
