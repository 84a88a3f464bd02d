      ld [4]                  ; arch
      jne #0xc000003e, L147   ; x86_64
      ld [0]                  ; nr
      jlt #0x40000000, L5
      jne #0xffffffff, L147
L5:   jeq #0x0, L146          ; read
      jeq #0x1, L146          ; write
      jeq #0x2, L146          ; open
      jeq #0x3, L146          ; close
      jeq #0x4, L146          ; stat
      jeq #0x5, L146          ; fstat
      jeq #0x6, L146          ; lstat
      jeq #0x7, L146          ; poll
      jeq #0x8, L146          ; lseek
      jeq #0x9, L146          ; mmap
      jeq #0xa, L146          ; mprotect
      jeq #0xb, L146          ; munmap
      jeq #0xc, L146          ; brk
      jeq #0xd, L146          ; rt_sigaction
      jeq #0xe, L146          ; rt_sigprocmask
      jeq #0xf, L146          ; rt_sigreturn
      jeq #0x11, L146         ; pread64
      jeq #0x15, L146         ; access
      jeq #0x16, L146         ; pipe
      jeq #0x17, L146         ; select
      jeq #0x19, L146         ; mremap
      jeq #0x1c, L146         ; madvise
      jeq #0x27, L146         ; getpid
      jeq #0x2a, L146         ; connect
      jeq #0x2b, L146         ; accept
      jeq #0x2c, L146         ; sendto
      jeq #0x2d, L146         ; recvfrom
      jeq #0x2e, L146         ; sendmsg
      jeq #0x2f, L146         ; recvmsg
      jeq #0x30, L146         ; shutdown
      jeq #0x31, L146         ; bind
      jeq #0x33, L146         ; getsockname
      jeq #0x37, L146         ; getsockopt
      jeq #0x38, L146         ; clone
      jeq #0x3c, L146         ; exit
      jeq #0x3d, L146         ; wait4
      jeq #0x3f, L146         ; uname
      jeq #0x43, L146         ; shmdt
      jeq #0x4e, L146         ; getdents
      jeq #0x52, L146         ; rename
      jeq #0x57, L146         ; unlink
      jeq #0x59, L146         ; readlink
      jeq #0x5a, L146         ; chmod
      jeq #0x5c, L146         ; chown
      jeq #0x60, L146         ; gettimeofday
      jeq #0x61, L146         ; getrlimit
      jeq #0x63, L146         ; sysinfo
      jeq #0x66, L146         ; getuid
      jeq #0x89, L146         ; statfs
      jeq #0x9f, L146         ; adjtimex
      jeq #0xa4, L146         ; settimeofday
      jeq #0xc9, L146         ; time
      jeq #0xca, L146         ; futex
      jeq #0xd9, L146         ; getdents64
      jeq #0xda, L146         ; set_tid_address
      jeq #0xe4, L146         ; clock_gettime
      jeq #0xe7, L146         ; exit_group
      jeq #0x101, L146        ; openat
      jeq #0x104, L146        ; fchownat
      jeq #0x106, L146        ; newfstatat
      jeq #0x107, L146        ; unlinkat
      jeq #0x108, L146        ; renameat
      jeq #0x10b, L146        ; readlinkat
      jeq #0x10c, L146        ; fchmodat
      jeq #0x10d, L146        ; faccessat
      jeq #0x10e, L146        ; pselect6
      jeq #0x10f, L146        ; ppoll
      jeq #0x111, L146        ; set_robust_list
      jeq #0x125, L146        ; pipe2
      jeq #0x12b, L146        ; recvmmsg
      jeq #0x131, L146        ; clock_adjtime
      jeq #0x133, L146        ; sendmmsg
      jeq #0x13c, L146        ; renameat2
      jeq #0x13e, L146        ; getrandom
      jeq #0x14c, L146        ; statx
      jeq #0x14e, L146        ; rseq
      jeq #0x1b3, L146        ; clone3
      jne #0x29, L90          ; socket
      ld [20]                 ; args[0] (high word)
      jne #0x0, L147
      ld [16]                 ; args[0] (low word)
      jeq #0x10, L146
      jeq #0xa, L146
      jeq #0x2, L146
      jeq #0x1, L146, L147
L90:  jne #0x48, L98          ; fcntl
      ld [28]                 ; args[1] (high word)
      jne #0x0, L147
      ld [24]                 ; args[1] (low word)
      jeq #0x4, L146
      jeq #0x3, L146
      jeq #0x2, L146
      jeq #0x1, L146, L147
L98:  jne #0x10, L115         ; ioctl
      ld [28]                 ; args[1] (high word)
      jne #0x0, L147
      ld [24]                 ; args[1] (low word)
      jeq #0xc4c03d09, L146
      jeq #0xc0403d08, L146
      jeq #0xc00870a4, L146
      jeq #0x80247009, L146
      jeq #0x43403d05, L146
      jeq #0x40603d07, L146
      jeq #0x4024700a, L146
      jeq #0x40103d02, L146
      jeq #0x8946, L146
      jeq #0x7004, L146
      jeq #0x7003, L146
      jeq #0x541b, L146
      jeq #0x5401, L146, L147
L115: jne #0x36, L147         ; setsockopt
      ld [28]                 ; args[1] (high word)
      jne #0x0, L147
      ld [24]                 ; args[1] (low word)
      jne #0x29, L125
      ld [36]                 ; args[2] (high word)
      jne #0x0, L125
      ld [32]                 ; args[2] (low word)
      jeq #0x31, L146
      jeq #0x1a, L146
L125: ld [24]                 ; args[1] (low word)
      jne #0x1, L138
      ld [36]                 ; args[2] (high word)
      jne #0x0, L138
      ld [32]                 ; args[2] (low word)
      jeq #0x2d, L146
      jeq #0x25, L146
      jeq #0x23, L146
      jeq #0x1d, L146
      jeq #0x19, L146
      jeq #0xf, L146
      jeq #0x6, L146
      jeq #0x2, L146
L138: ld [24]                 ; args[1] (low word)
      jne #0x0, L147
      ld [36]                 ; args[2] (high word)
      jne #0x0, L147
      ld [32]                 ; args[2] (low word)
      jeq #0xf, L146
      jeq #0x8, L146
      jne #0x1, L147
L146: ret #0x7fff0000         ; ALLOW
L147: ret #0x0                ; KILL_THREAD
