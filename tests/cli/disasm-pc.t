RUN: disasm --pc small.s
