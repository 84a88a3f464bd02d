RUN: diff small.s diff-small-b.s --json
EXIT: 1
