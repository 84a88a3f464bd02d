RUN: explain small.s
