; a typical filter, with names and pseudo ops
        ld [arch]
        jne #AUDIT_ARCH_X86_64, kill   /* one-label pseudo op */
        ld [nr]
        jeq #__NR_execve, deny
        jge #SYS_read, check_args, allow
check_args:
        ld [args[1]]
        jset #0x80000000, deny
        ld [args_hi[1]]
        jeq #0, allow
deny:   ret #ERRNO(13)
allow:  ret #ALLOW
kill:   ret #KILL_PROCESS
