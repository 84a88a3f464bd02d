      ld [4]                  ; arch
      jeq #0xc000003e, L3     ; x86_64
      ret #0x0                ; KILL_THREAD
L3:   ld [0]                  ; nr
      jne #0x0, L6            ; read
      ret #0x7fff0000         ; ALLOW
L6:   jne #0x1, L8            ; write
      ret #0x7fff0000         ; ALLOW
L8:   jne #0x9, L15           ; mmap
      ld [40]                 ; args[3] (low word)
      jne #0x22, L14
      ld [32]                 ; args[2] (low word)
      jne #0x3, L14
      ret #0x7fff0000         ; ALLOW
L14:  ld [0]                  ; nr
L15:  jne #0xa, L20           ; mprotect
      ld [32]                 ; args[2] (low word)
      jset #0xfffffffe, L19
      ret #0x7fff0000         ; ALLOW
L19:  ld [0]                  ; nr
L20:  jne #0xb, L22           ; munmap
      ret #0x7fff0000         ; ALLOW
L22:  jne #0xc, L24           ; brk
      ret #0x7fff0000         ; ALLOW
L24:  jne #0x19, L26          ; mremap
      ret #0x50026            ; ERRNO(38)
L26:  jne #0x60, L28          ; gettimeofday
      ret #0x7fff0000         ; ALLOW
L28:  jne #0xf, L30           ; rt_sigreturn
      ret #0x7fff0000         ; ALLOW
L30:  jne #0xdb, L32          ; restart_syscall
      ret #0x7fff0000         ; ALLOW
L32:  jne #0x3, L34           ; close
      ret #0x7fff0000         ; ALLOW
L34:  jne #0xe7, L36          ; exit_group
      ret #0x7fff0000         ; ALLOW
L36:  jne #0x29, L45          ; socket
      ld [32]                 ; args[2] (low word)
      jne #0x6, L44
      ld [24]                 ; args[1] (low word)
      jne #0x1, L44
      ld [16]                 ; args[0] (low word)
      jne #0x2, L44
      ret #0x7fff0000         ; ALLOW
L44:  ld [0]                  ; nr
L45:  jne #0x29, L54          ; socket
      ld [32]                 ; args[2] (low word)
      jne #0x6, L53
      ld [24]                 ; args[1] (low word)
      jne #0x1, L53
      ld [16]                 ; args[0] (low word)
      jne #0xa, L53
      ret #0x7fff0000         ; ALLOW
L53:  ld [0]                  ; nr
L54:  jne #0x31, L56          ; bind
      ret #0x7fff0000         ; ALLOW
L56:  jne #0x17, L58          ; select
      ret #0x7fff0000         ; ALLOW
L58:  jne #0x2a, L60          ; connect
      ret #0x7fff0000         ; ALLOW
L60:  jne #0x37, L67          ; getsockopt
      ld [32]                 ; args[2] (low word)
      jne #0x4, L66
      ld [24]                 ; args[1] (low word)
      jne #0x1, L66
      ret #0x7fff0000         ; ALLOW
L66:  ld [0]                  ; nr
L67:  jne #0x36, L74          ; setsockopt
      ld [32]                 ; args[2] (low word)
      jne #0x2, L73
      ld [24]                 ; args[1] (low word)
      jne #0x1, L73
      ret #0x7fff0000         ; ALLOW
L73:  ld [0]                  ; nr
L74:  jne #0x48, L79          ; fcntl
      ld [24]                 ; args[1] (low word)
      jne #0x3, L78
      ret #0x7fff0000         ; ALLOW
L78:  ld [0]                  ; nr
L79:  jne #0x48, L86          ; fcntl
      ld [32]                 ; args[2] (low word)
      jne #0x802, L85
      ld [24]                 ; args[1] (low word)
      jne #0x4, L85
      ret #0x7fff0000         ; ALLOW
L85:  ld [0]                  ; nr
L86:  jne #0x48, L93          ; fcntl
      ld [32]                 ; args[2] (low word)
      jne #0x2, L92
      ld [24]                 ; args[1] (low word)
      jne #0x4, L92
      ret #0x7fff0000         ; ALLOW
L92:  ld [0]                  ; nr
L93:  jne #0x32, L95          ; listen
      ret #0x7fff0000         ; ALLOW
L95:  jne #0x2b, L97          ; accept
      ret #0x7fff0000         ; ALLOW
L97:  jne #0x2e, L102         ; sendmsg
      ld [32]                 ; args[2] (low word)
      jne #0x0, L101
      ret #0x7fff0000         ; ALLOW
L101: ld [0]                  ; nr
L102: ret #0x0                ; KILL_THREAD
