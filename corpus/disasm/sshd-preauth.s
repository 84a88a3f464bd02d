     ld [4]                   ; arch
     jeq #0xc000003e, L3      ; x86_64
     ret #0x0                 ; KILL_THREAD
L3:  ld [0]                   ; nr
     jne #0x6, L6             ; lstat
     ret #0x5000d             ; ERRNO(13)
L6:  jne #0x5, L8             ; fstat
     ret #0x5000d             ; ERRNO(13)
L8:  jne #0x2, L10            ; open
     ret #0x5000d             ; ERRNO(13)
L10: jne #0x101, L12          ; openat
     ret #0x5000d             ; ERRNO(13)
L12: jne #0x106, L14          ; newfstatat
     ret #0x5000d             ; ERRNO(13)
L14: jne #0x4, L16            ; stat
     ret #0x5000d             ; ERRNO(13)
L16: jne #0x1d, L18           ; shmget
     ret #0x5000d             ; ERRNO(13)
L18: jne #0x1e, L20           ; shmat
     ret #0x5000d             ; ERRNO(13)
L20: jne #0x43, L22           ; shmdt
     ret #0x5000d             ; ERRNO(13)
L22: jne #0x14c, L24          ; statx
     ret #0x5000d             ; ERRNO(13)
L24: jne #0xc, L26            ; brk
     ret #0x7fff0000          ; ALLOW
L26: jne #0xe4, L28           ; clock_gettime
     ret #0x7fff0000          ; ALLOW
L28: jne #0x3, L30            ; close
     ret #0x7fff0000          ; ALLOW
L30: jne #0x3c, L32           ; exit
     ret #0x7fff0000          ; ALLOW
L32: jne #0xe7, L34           ; exit_group
     ret #0x7fff0000          ; ALLOW
L34: jne #0xca, L36           ; futex
     ret #0x7fff0000          ; ALLOW
L36: jne #0x6b, L38           ; geteuid
     ret #0x7fff0000          ; ALLOW
L38: jne #0x79, L40           ; getpgid
     ret #0x7fff0000          ; ALLOW
L40: jne #0x27, L42           ; getpid
     ret #0x7fff0000          ; ALLOW
L42: jne #0x13e, L44          ; getrandom
     ret #0x7fff0000          ; ALLOW
L44: jne #0xba, L46           ; gettid
     ret #0x7fff0000          ; ALLOW
L46: jne #0x60, L48           ; gettimeofday
     ret #0x7fff0000          ; ALLOW
L48: jne #0x66, L50           ; getuid
     ret #0x7fff0000          ; ALLOW
L50: jne #0x1c, L52           ; madvise
     ret #0x7fff0000          ; ALLOW
L52: jne #0x9, L61            ; mmap
     ld [32]                  ; args[2] (low word)
     and #0xfffffffc
     jne #0x0, L60
     ld [36]                  ; args[2] (high word)
     and #0xffffffff
     jne #0x0, L60
     ret #0x7fff0000          ; ALLOW
L60: ld [0]                   ; nr
L61: jne #0xa, L70            ; mprotect
     ld [32]                  ; args[2] (low word)
     and #0xfffffffc
     jne #0x0, L69
     ld [36]                  ; args[2] (high word)
     and #0xffffffff
     jne #0x0, L69
     ret #0x7fff0000          ; ALLOW
L69: ld [0]                   ; nr
L70: jne #0x19, L72           ; mremap
     ret #0x7fff0000          ; ALLOW
L72: jne #0xb, L74            ; munmap
     ret #0x7fff0000          ; ALLOW
L74: jne #0x23, L76           ; nanosleep
     ret #0x7fff0000          ; ALLOW
L76: jne #0xe6, L78           ; clock_nanosleep
     ret #0x7fff0000          ; ALLOW
L78: jne #0x10f, L80          ; ppoll
     ret #0x7fff0000          ; ALLOW
L80: jne #0x7, L82            ; poll
     ret #0x7fff0000          ; ALLOW
L82: jne #0x10e, L84          ; pselect6
     ret #0x7fff0000          ; ALLOW
L84: jne #0x0, L86            ; read
     ret #0x7fff0000          ; ALLOW
L86: jne #0xe, L88            ; rt_sigprocmask
     ret #0x7fff0000          ; ALLOW
L88: jne #0x17, L90           ; select
     ret #0x7fff0000          ; ALLOW
L90: jne #0x30, L92           ; shutdown
     ret #0x7fff0000          ; ALLOW
L92: jne #0xc9, L94           ; time
     ret #0x7fff0000          ; ALLOW
L94: jne #0x1, L96            ; write
     ret #0x7fff0000          ; ALLOW
L96: jne #0x14, L98           ; writev
     ret #0x7fff0000          ; ALLOW
L98: ret #0x0                 ; KILL_THREAD
