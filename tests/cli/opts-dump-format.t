RUN: dump --format c --pid 1
EXIT: 2
