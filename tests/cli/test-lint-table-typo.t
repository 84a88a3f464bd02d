RUN: test lint-allow-typo.toml
EXIT: 2
