; `ret #EPERM` assembles to `ret #1`: KILL_THREAD with data 1, not ERRNO(1).
        ld [4]
        jne #0xc000003e, kill
        ld [0]
        jge #0x40000000, kill
        jeq #101, eperm                 ; ptrace
        ret #ALLOW
eperm:  ret #EPERM
kill:   ret #KILL_PROCESS
