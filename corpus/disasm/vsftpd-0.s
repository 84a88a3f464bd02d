     ld [4]                   ; arch
     jeq #0xc000003e, L3      ; x86_64
     ret #0x0                 ; KILL_THREAD
L3:  ld [0]                   ; nr
     jne #0x0, L6             ; read
     ret #0x7fff0000          ; ALLOW
L6:  jne #0x1, L8             ; write
     ret #0x7fff0000          ; ALLOW
L8:  jne #0x9, L15            ; mmap
     ld [40]                  ; args[3] (low word)
     jne #0x22, L14
     ld [32]                  ; args[2] (low word)
     jne #0x3, L14
     ret #0x7fff0000          ; ALLOW
L14: ld [0]                   ; nr
L15: jne #0xa, L20            ; mprotect
     ld [32]                  ; args[2] (low word)
     jset #0xfffffffe, L19
     ret #0x7fff0000          ; ALLOW
L19: ld [0]                   ; nr
L20: jne #0xb, L22            ; munmap
     ret #0x7fff0000          ; ALLOW
L22: jne #0xc, L24            ; brk
     ret #0x7fff0000          ; ALLOW
L24: jne #0x19, L26           ; mremap
     ret #0x50026             ; ERRNO(38)
L26: jne #0x60, L28           ; gettimeofday
     ret #0x7fff0000          ; ALLOW
L28: jne #0xf, L30            ; rt_sigreturn
     ret #0x7fff0000          ; ALLOW
L30: jne #0xdb, L32           ; restart_syscall
     ret #0x7fff0000          ; ALLOW
L32: jne #0x3, L34            ; close
     ret #0x7fff0000          ; ALLOW
L34: jne #0xe7, L36           ; exit_group
     ret #0x7fff0000          ; ALLOW
L36: jne #0x2d, L41           ; recvfrom
     ld [40]                  ; args[3] (low word)
     jne #0x2, L40
     ret #0x7fff0000          ; ALLOW
L40: ld [0]                   ; nr
L41: jne #0x23, L43           ; nanosleep
     ret #0x7fff0000          ; ALLOW
L43: jne #0x27, L45           ; getpid
     ret #0x7fff0000          ; ALLOW
L45: jne #0x30, L47           ; shutdown
     ret #0x7fff0000          ; ALLOW
L47: jne #0x48, L52           ; fcntl
     ld [24]                  ; args[1] (low word)
     jne #0x3, L51
     ret #0x7fff0000          ; ALLOW
L51: ld [0]                   ; nr
L52: jne #0x48, L59           ; fcntl
     ld [24]                  ; args[1] (low word)
     jne #0x4, L58
     ld [32]                  ; args[2] (low word)
     jset #0xfff6733c, L58
     ret #0x7fff0000          ; ALLOW
L58: ld [0]                   ; nr
L59: jne #0xd, L61            ; rt_sigaction
     ret #0x7fff0000          ; ALLOW
L61: jne #0x25, L63           ; alarm
     ret #0x7fff0000          ; ALLOW
L63: ret #0x0                 ; KILL_THREAD
