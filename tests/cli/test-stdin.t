RUN: test -
STDIN: errno-names.toml
EXIT: 1
