; With --arch aarch64, the path where the arch check failed is not aarch64: its nr 59 is
; unnamed; on the aarch64 path nr 59 is pipe2.
ld [4]
jeq #0xc00000b7, a64, other
other: ld [0]
jeq #59, kill, allow
a64: ld [0]
jeq #59, kill, allow
kill: ret #0
allow: ret #0x7fff0000
