RUN: test small-wrong.toml --json
EXIT: 1
