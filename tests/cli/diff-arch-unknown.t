RUN: diff small.s diff-small-b.s --arch nosuch
EXIT: 2
