RUN: graph small.s --format svg
EXIT: 2
