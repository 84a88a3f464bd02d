ld [16]
jeq #1, deny, ok
deny: ret #ERRNO(1)
ok: ret #ALLOW
