RUN: disasm filter.c
