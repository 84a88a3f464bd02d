RUN: disasm asm-errno-name.s
