ld [0]
jeq #257, deny
ret #ALLOW
deny: ret #ERRNO(13)
