RUN: run small.s --nr 1 --kernel-version 6
EXIT: 2
