RUN: disasm c-unsigned-shift.c
