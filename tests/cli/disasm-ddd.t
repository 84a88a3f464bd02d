RUN: disasm filter.ddd
