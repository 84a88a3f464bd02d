RUN: diff small.s diff-small-b.s --widened-only
EXIT: 1
