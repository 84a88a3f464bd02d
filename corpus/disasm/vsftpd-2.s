      ld [4]                  ; arch
      jeq #0xc000003e, L3     ; x86_64
      ret #0x0                ; KILL_THREAD
L3:   ld [0]                  ; nr
      jne #0x6, L6            ; lstat
      ret #0x7fff0000         ; ALLOW
L6:   jne #0x0, L8            ; read
      ret #0x7fff0000         ; ALLOW
L8:   jne #0x1, L10           ; write
      ret #0x7fff0000         ; ALLOW
L10:  jne #0x9, L17           ; mmap
      ld [40]                 ; args[3] (low word)
      jne #0x22, L16
      ld [32]                 ; args[2] (low word)
      jne #0x3, L16
      ret #0x7fff0000         ; ALLOW
L16:  ld [0]                  ; nr
L17:  jne #0xa, L22           ; mprotect
      ld [32]                 ; args[2] (low word)
      jset #0xfffffffe, L21
      ret #0x7fff0000         ; ALLOW
L21:  ld [0]                  ; nr
L22:  jne #0xb, L24           ; munmap
      ret #0x7fff0000         ; ALLOW
L24:  jne #0xc, L26           ; brk
      ret #0x7fff0000         ; ALLOW
L26:  jne #0x19, L28          ; mremap
      ret #0x50026            ; ERRNO(38)
L28:  jne #0x60, L30          ; gettimeofday
      ret #0x7fff0000         ; ALLOW
L30:  jne #0xf, L32           ; rt_sigreturn
      ret #0x7fff0000         ; ALLOW
L32:  jne #0xdb, L34          ; restart_syscall
      ret #0x7fff0000         ; ALLOW
L34:  jne #0x3, L36           ; close
      ret #0x7fff0000         ; ALLOW
L36:  jne #0xe7, L38          ; exit_group
      ret #0x7fff0000         ; ALLOW
L38:  jne #0x2d, L43          ; recvfrom
      ld [40]                 ; args[3] (low word)
      jne #0x2, L42
      ret #0x7fff0000         ; ALLOW
L42:  ld [0]                  ; nr
L43:  jne #0x23, L45          ; nanosleep
      ret #0x7fff0000         ; ALLOW
L45:  jne #0x27, L47          ; getpid
      ret #0x7fff0000         ; ALLOW
L47:  jne #0x30, L49          ; shutdown
      ret #0x7fff0000         ; ALLOW
L49:  jne #0x48, L54          ; fcntl
      ld [24]                 ; args[1] (low word)
      jne #0x3, L53
      ret #0x7fff0000         ; ALLOW
L53:  ld [0]                  ; nr
L54:  jne #0x48, L61          ; fcntl
      ld [24]                 ; args[1] (low word)
      jne #0x4, L60
      ld [32]                 ; args[2] (low word)
      jset #0xfff6733c, L60
      ret #0x7fff0000         ; ALLOW
L60:  ld [0]                  ; nr
L61:  jne #0xd, L63           ; rt_sigaction
      ret #0x7fff0000         ; ALLOW
L63:  jne #0x25, L65          ; alarm
      ret #0x7fff0000         ; ALLOW
L65:  jne #0x48, L70          ; fcntl
      ld [24]                 ; args[1] (low word)
      jne #0x7, L69
      ret #0x7fff0000         ; ALLOW
L69:  ld [0]                  ; nr
L70:  jne #0x48, L75          ; fcntl
      ld [24]                 ; args[1] (low word)
      jne #0x6, L74
      ret #0x7fff0000         ; ALLOW
L74:  ld [0]                  ; nr
L75:  jne #0x36, L82          ; setsockopt
      ld [32]                 ; args[2] (low word)
      jne #0x9, L81
      ld [24]                 ; args[1] (low word)
      jne #0x1, L81
      ret #0x7fff0000         ; ALLOW
L81:  ld [0]                  ; nr
L82:  jne #0x36, L89          ; setsockopt
      ld [32]                 ; args[2] (low word)
      jne #0xd, L88
      ld [24]                 ; args[1] (low word)
      jne #0x1, L88
      ret #0x7fff0000         ; ALLOW
L88:  ld [0]                  ; nr
L89:  jne #0x36, L96          ; setsockopt
      ld [32]                 ; args[2] (low word)
      jne #0x1, L95
      ld [24]                 ; args[1] (low word)
      jne #0x0, L95
      ret #0x7fff0000         ; ALLOW
L95:  ld [0]                  ; nr
L96:  jne #0x5, L98           ; fstat
      ret #0x7fff0000         ; ALLOW
L98:  jne #0x8, L100          ; lseek
      ret #0x7fff0000         ; ALLOW
L100: jne #0x2, L105          ; open
      ld [24]                 ; args[1] (low word)
      jset #0xfff6733f, L104
      ret #0x7fff0000         ; ALLOW
L104: ld [0]                  ; nr
L105: jne #0x101, L110        ; openat
      ld [32]                 ; args[2] (low word)
      jset #0xfff6733f, L109
      ret #0x7fff0000         ; ALLOW
L109: ld [0]                  ; nr
L110: jne #0x4, L112          ; stat
      ret #0x7fff0000         ; ALLOW
L112: jne #0x59, L114         ; readlink
      ret #0x7fff0000         ; ALLOW
L114: jne #0x4f, L116         ; getcwd
      ret #0x7fff0000         ; ALLOW
L116: jne #0x50, L118         ; chdir
      ret #0x7fff0000         ; ALLOW
L118: jne #0x4e, L120         ; getdents
      ret #0x7fff0000         ; ALLOW
L120: jne #0x5f, L122         ; umask
      ret #0x7fff0000         ; ALLOW
L122: jne #0x28, L124         ; sendfile
      ret #0x7fff0000         ; ALLOW
L124: jne #0xd, L126          ; rt_sigaction
      ret #0x7fff0000         ; ALLOW
L126: jne #0x25, L128         ; alarm
      ret #0x7fff0000         ; ALLOW
L128: jne #0x2f, L133         ; recvmsg
      ld [32]                 ; args[2] (low word)
      jne #0x0, L132
      ret #0x7fff0000         ; ALLOW
L132: ld [0]                  ; nr
L133: ret #0x0                ; KILL_THREAD
