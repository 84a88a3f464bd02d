RUN: test errno-bare.toml
EXIT: 2
