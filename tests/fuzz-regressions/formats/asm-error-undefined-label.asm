ld [0]
jeq #1, far
