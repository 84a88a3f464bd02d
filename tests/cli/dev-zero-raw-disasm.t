RUN: disasm --from raw /dev/zero
EXIT: 2
