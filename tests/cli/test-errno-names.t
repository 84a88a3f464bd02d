RUN: test errno-names.toml
EXIT: 1
