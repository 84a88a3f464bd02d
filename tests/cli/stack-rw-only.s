ld [0]
jeq #0, ok
jeq #1, ok
ret #KILL
ok: ret #ALLOW
