RUN: test ../cli/missing-filter.toml
EXIT: 2
