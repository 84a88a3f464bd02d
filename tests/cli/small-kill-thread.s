; A small policy: x86_64 only; read and write allowed; openat fails with EACCES;
; everything else kills the process.
        ld [4]                          ; arch
        jeq #0xc000003e, good_arch, bad
good_arch:
        ld [0]                          ; nr
        jeq #0, allow                   ; read
        jeq #1, allow                   ; write
        jeq #257, eacces                ; openat
        ret #0                          ; KILL_THREAD
allow:  ret #0x7fff0000
eacces: ret #0x0005000d
bad:    ret #0
