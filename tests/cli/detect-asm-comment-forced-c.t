RUN: check --format c asm-comment-c.s
EXIT: 2
