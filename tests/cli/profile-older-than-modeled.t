RUN: run small.s --nr 1 --kernel-version 3.10
