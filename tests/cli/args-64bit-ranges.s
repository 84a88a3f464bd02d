# write(fd, buf, count): KILL_PROCESS for count > 3, ERRNO(1) for 2, ALLOW for 3,
# TRAP for 0 and 1. The count > 3 test is two half-word tests in the filter (hi > 0, then
# lo > 3); explain must say it as one 64-bit condition.
ld [4]
jne #0xc000003e, kill
ld [0]
jne #1, allow
ld [36]
jgt #0, kill
ld [32]
jgt #3, kill
jeq #2, errno
jeq #1, trap
jeq #0, trap
allow: ret #ALLOW
errno: ret #ERRNO(1)
trap: ret #TRAP
kill: ret #KILL_PROCESS
