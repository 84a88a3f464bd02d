RUN: run small.s --nr 336 --kernel-version 6.18
