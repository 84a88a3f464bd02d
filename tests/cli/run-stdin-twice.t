RUN: run - --inputs -
EXIT: 2
