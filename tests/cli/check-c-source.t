RUN: check filter.c
