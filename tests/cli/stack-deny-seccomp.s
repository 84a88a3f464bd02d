ld [0]
jeq #317, deny
ret #ALLOW
deny: ret #ERRNO(1)
