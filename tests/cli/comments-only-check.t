RUN: check comments-only.s
EXIT: 2
