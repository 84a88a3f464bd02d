ld [args[1]]
rsh #8
and #0xff
ret a
