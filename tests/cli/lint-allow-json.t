RUN: lint lint-bad.s --allow dangerous-allowed:ptrace --json
EXIT: 1
