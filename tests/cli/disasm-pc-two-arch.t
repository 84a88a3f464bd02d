RUN: disasm --pc two-arch.s
