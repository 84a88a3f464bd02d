RUN: test no-cases.toml
EXIT: 1
