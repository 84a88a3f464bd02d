RUN: check errno-big.s
EXIT: 2
