RUN: run shift32.s --nr 0
EXIT: 1
