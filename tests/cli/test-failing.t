RUN: test small-wrong.toml
EXIT: 1
