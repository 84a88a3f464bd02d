RUN: check --format foo small.s
EXIT: 2
