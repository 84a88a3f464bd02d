; A filter with one of each lint finding: nr read before arch, ERRNO above 4095, an
; unknown action, TRACE and USER_NOTIF, a read of instruction_pointer, a 64-bit argument
; compared on its low word only, dead code, ptrace allowed, and ALLOW as the default.
        ld [0]                          ; nr before any arch check
        jeq #101, allow                 ; ptrace
        jeq #1, write
        jeq #2, big_errno
        jeq #3, unknown
        jeq #4, trace
        jeq #5, notif
        ld [8]                          ; instruction_pointer
        jeq #0, allow, kill
write:  ld [16]                         ; args[0] low word only
        jeq #1, allow, kill
big_errno: ret #0x00051388              ; ERRNO(5000)
unknown: ret #0x10000000
trace:  ret #0x7ff00001
notif:  ret #0x7fc00000
        ret #0                          ; unreachable
kill:   ret #0x80000000
allow:  ret #0x7fff0000
