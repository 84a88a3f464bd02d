RUN: diff small.s diff-small-b.s --color always
EXIT: 1
