RUN: explain small.s --kernel-version 6.12 --json
