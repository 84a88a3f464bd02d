RUN: run small.s --nr 335 --json --kernel-version 6.1
