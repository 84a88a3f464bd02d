ld [8]
jeq #0, ok
ret #TRAP(3)
ok: ret #ALLOW
