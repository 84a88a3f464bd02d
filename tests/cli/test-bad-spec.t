RUN: test bad-spec.toml
EXIT: 2
