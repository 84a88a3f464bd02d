RUN: run small.s --inputs array-padded.json
