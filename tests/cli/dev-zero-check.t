RUN: check /dev/zero
EXIT: 2
