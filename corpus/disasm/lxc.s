     ld [4]                   ; arch
     jne #0xc000003e, L18     ; x86_64
     ld [0]                   ; nr
     jeq #0xaf, L25           ; init_module
     jeq #0xb0, L25           ; delete_module
     jeq #0xf6, L25           ; kexec_load
     jeq #0x130, L25          ; open_by_handle_at
     jeq #0x139, L25          ; finit_module
     jeq #0x400000af, L25
     jeq #0x400000b0, L25
     jeq #0x40000130, L25
     jeq #0x40000139, L25
     jeq #0x40000210, L25
     jeq #0x400000a6, L27
     jne #0xa6, L30           ; umount2
     ld [28]                  ; args[1] (high word)
     and #0x0
     jeq #0x0, L27, L30
L18: jne #0x40000003, L32     ; x86
     ld [0]                   ; nr
     jeq #0x80, L25           ; init_module
     jeq #0x81, L25           ; delete_module
     jeq #0x11b, L25          ; kexec_load
     jeq #0x156, L25          ; open_by_handle_at
     jne #0x15e, L26          ; finit_module
L25: ret #0x50001             ; ERRNO(1)
L26: jne #0x34, L30           ; umount2
L27: ld [24]                  ; args[1] (low word)
     and #0x1
     jeq #0x1, L31
L30: ret #0x7fff0000          ; ALLOW
L31: ret #0x5000d             ; ERRNO(13)
L32: ret #0x0                 ; KILL_THREAD
