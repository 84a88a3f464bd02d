RUN: lint lint-bad.s --allow nr-before-arc
EXIT: 2
