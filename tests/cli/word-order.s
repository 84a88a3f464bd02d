ld [16]
jset #1, e, a
e: ret #ERRNO(1)
a: ret #ALLOW
