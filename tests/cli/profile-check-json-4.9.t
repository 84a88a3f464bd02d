RUN: check --json --flags log small.s --kernel-version 4.9
EXIT: 1
