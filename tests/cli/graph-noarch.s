; No arch check: syscall names come from --arch (nr 59 is execve on x86_64, pipe2 on aarch64).
ld [0]
jeq #59, kill, next
next: ld [4]
jeq #0xc00000b7, ok, kill
ok: ld [0]
jeq #59, kill, allow
kill: ret #0
allow: ret #0x7fff0000
