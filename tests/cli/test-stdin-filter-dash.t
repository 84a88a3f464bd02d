RUN: test -
STDIN: stdin-filter-dash.toml
EXIT: 2
