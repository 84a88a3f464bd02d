RUN: check asm-comment-c.s
