RUN: check --json
EXIT: 2
