RUN: graph small.s
