RUN: test lint-bad-allow.toml
