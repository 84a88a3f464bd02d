; small.s with write (1) replaced by open (2) and ERRNO(13) by ERRNO(1)
    ld [4]                    ; arch
    jne #0xc000003e, L9       ; x86_64
    ld [0]                    ; nr
    jeq #0x0, L7              ; read
    jeq #0x2, L7              ; open
    jeq #0x101, L8            ; openat
    ret #0x80000000           ; KILL_PROCESS
L7: ret #0x7fff0000           ; ALLOW
L8: ret #0x50001              ; ERRNO(1)
L9: ret #0x0                  ; KILL_THREAD
