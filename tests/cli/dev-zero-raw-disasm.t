RUN: disasm --format raw /dev/zero
EXIT: 2
