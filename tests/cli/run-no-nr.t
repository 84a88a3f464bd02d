RUN: run small.s
