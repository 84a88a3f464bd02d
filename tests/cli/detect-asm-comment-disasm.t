RUN: disasm asm-comment-c.s
