RUN: check nul-text.s
EXIT: 2
