RUN: explain small.s --json
