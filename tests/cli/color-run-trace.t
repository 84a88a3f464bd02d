RUN: run small.s --nr 1 --trace --color always
