      ld [4]                  ; arch
      jne #0xc000003e, L119   ; x86_64
      ld [0]                  ; nr
      jlt #0x40000000, L5
      jne #0xffffffff, L119
L5:   jeq #0x0, L228          ; read
      jeq #0x1, L228          ; write
      jeq #0x3, L228          ; close
      jeq #0x4, L228          ; stat
      jeq #0x5, L228          ; fstat
      jeq #0x6, L228          ; lstat
      jeq #0x7, L228          ; poll
      jeq #0x8, L228          ; lseek
      jeq #0x9, L228          ; mmap
      jeq #0xb, L228          ; munmap
      jeq #0xc, L228          ; brk
      jeq #0xf, L228          ; rt_sigreturn
      jeq #0x14, L228         ; writev
      jeq #0x15, L228         ; access
      jeq #0x16, L228         ; pipe
      jeq #0x18, L228         ; sched_yield
      jeq #0x1c, L228         ; madvise
      jeq #0x20, L228         ; dup
      jeq #0x23, L228         ; nanosleep
      jeq #0x27, L228         ; getpid
      jeq #0x2a, L228         ; connect
      jeq #0x2c, L228         ; sendto
      jeq #0x2d, L228         ; recvfrom
      jeq #0x2e, L228         ; sendmsg
      jeq #0x2f, L228         ; recvmsg
      jeq #0x30, L228         ; shutdown
      jeq #0x31, L228         ; bind
      jeq #0x32, L228         ; listen
      jeq #0x33, L228         ; getsockname
      jeq #0x38, L228         ; clone
      jeq #0x3c, L228         ; exit
      jeq #0x3d, L228         ; wait4
      jeq #0x3f, L228         ; uname
      jeq #0x48, L228         ; fcntl
      jeq #0x4a, L228         ; fsync
      jeq #0x4e, L228         ; getdents
      jeq #0x53, L228         ; mkdir
      jeq #0x57, L228         ; unlink
      jeq #0x5b, L228         ; fchmod
      jeq #0x60, L228         ; gettimeofday
      jeq #0x61, L228         ; getrlimit
      jeq #0x63, L228         ; sysinfo
      jeq #0x66, L228         ; getuid
      jeq #0x68, L228         ; getgid
      jeq #0x6b, L228         ; geteuid
      jeq #0x6c, L228         ; getegid
      jeq #0x83, L228         ; sigaltstack
      jeq #0x97, L228         ; mlockall
      jeq #0xa0, L228         ; setrlimit
      jeq #0xba, L228         ; gettid
      jeq #0xca, L228         ; futex
      jeq #0xcc, L228         ; sched_getaffinity
      jeq #0xd5, L228         ; epoll_create
      jeq #0xd9, L228         ; getdents64
      jeq #0xe4, L228         ; clock_gettime
      jeq #0xe7, L228         ; exit_group
      jeq #0xe8, L228         ; epoll_wait
      jeq #0x106, L228        ; newfstatat
      jeq #0x107, L228        ; unlinkat
      jeq #0x111, L228        ; set_robust_list
      jeq #0x119, L228        ; epoll_pwait
      jeq #0x122, L228        ; eventfd2
      jeq #0x125, L228        ; pipe2
      jeq #0x12e, L228        ; prlimit64
      jeq #0x13e, L228        ; getrandom
      jeq #0x144, L228        ; membarrier
      jeq #0x14e, L228        ; rseq
      jeq #0x1b3, L228        ; clone3
      jne #0x10, L78          ; ioctl
      ld [28]                 ; args[1] (high word)
      jne #0x0, L232
      ld [24]                 ; args[1] (low word)
      jeq #0x894b, L228, L232
L78:  jne #0x3e, L83          ; kill
      ld [28]                 ; args[1] (high word)
      jne #0x0, L232
      ld [24]                 ; args[1] (low word)
      jeq #0x0, L228, L232
L83:  jne #0x9d, L88          ; prctl
      ld [20]                 ; args[0] (high word)
      jne #0x0, L232
      ld [16]                 ; args[0] (low word)
      jeq #0x4, L228, L232
L88:  jne #0xc9, L93          ; time
      ld [20]                 ; args[0] (high word)
      jne #0x0, L232
      ld [16]                 ; args[0] (low word)
      jeq #0x0, L228, L232
L93:  jne #0x120, L99         ; accept4
      ld [44]                 ; args[3] (high word)
      jne #0x0, L232
      ld [40]                 ; args[3] (low word)
      and #0xfff7f7ff
      jeq #0x0, L228, L232
L99:  jne #0xe, L104          ; rt_sigprocmask
      ld [20]                 ; args[0] (high word)
      jne #0x0, L232
      ld [16]                 ; args[0] (low word)
      jeq #0x2, L228, L178
L104: jne #0x49, L110         ; flock
      ld [28]                 ; args[1] (high word)
      jne #0x0, L232
      ld [24]                 ; args[1] (low word)
      jeq #0x8, L228
      jeq #0x6, L228, L232
L110: jne #0x19, L120         ; mremap
      ld [44]                 ; args[3] (high word)
      jne #0x0, L115
      ld [40]                 ; args[3] (low word)
      jeq #0x1, L228
L115: ld [20]                 ; args[0] (high word)
      jne #0x7f99, L232
      ld [16]                 ; args[0] (low word)
      jne #0x4df29000, L232
L119: ret #0x0                ; KILL_THREAD
L120: jne #0x35, L129         ; socketpair
      ld [20]                 ; args[0] (high word)
      jne #0x0, L232
      ld [16]                 ; args[0] (low word)
      jne #0x1, L232
      ld [28]                 ; args[1] (high word)
      jne #0x0, L232
      ld [24]                 ; args[1] (low word)
      jeq #0x80001, L228, L232
L129: jne #0xe9, L136         ; epoll_ctl
      ld [28]                 ; args[1] (high word)
      jne #0x0, L232
      ld [24]                 ; args[1] (low word)
      jeq #0x3, L228
      jeq #0x2, L228
      jeq #0x1, L228, L232
L136: jne #0x36, L161         ; setsockopt
      ld [28]                 ; args[1] (high word)
      jne #0x0, L232
      ld [24]                 ; args[1] (low word)
      jne #0x29, L145
      ld [36]                 ; args[2] (high word)
      jne #0x0, L145
      ld [32]                 ; args[2] (low word)
      jeq #0x1a, L228
L145: ld [24]                 ; args[1] (low word)
      jne #0x1, L154
      ld [36]                 ; args[2] (high word)
      jne #0x0, L154
      ld [32]                 ; args[2] (low word)
      jeq #0x20, L228
      jeq #0x8, L228
      jeq #0x7, L228
      jeq #0x2, L228
L154: ld [24]                 ; args[1] (low word)
      jne #0x0, L232
      ld [36]                 ; args[2] (high word)
      jne #0x0, L232
      ld [32]                 ; args[2] (low word)
      jeq #0x18, L228
      jeq #0x13, L228, L232
L161: jne #0xd, L179          ; rt_sigaction
      ld [20]                 ; args[0] (high word)
      jne #0x0, L232
      ld [16]                 ; args[0] (low word)
      jeq #0x1f, L228
      jeq #0x1d, L228
      jeq #0x19, L228
      jeq #0x11, L228
      jeq #0xf, L228
      jeq #0xd, L228
      jeq #0xc, L228
      jeq #0xb, L228
      jeq #0xa, L228
      jeq #0x8, L228
      jeq #0x7, L228
      jeq #0x4, L228
      jeq #0x2, L228
L178: jeq #0x1, L228, L232
L179: jne #0x37, L208         ; getsockopt
      ld [28]                 ; args[1] (high word)
      jne #0x0, L232
      ld [24]                 ; args[1] (low word)
      jne #0x29, L188
      ld [36]                 ; args[2] (high word)
      jne #0x0, L188
      ld [32]                 ; args[2] (low word)
      jeq #0x50, L228
L188: ld [24]                 ; args[1] (low word)
      jne #0x6, L194
      ld [36]                 ; args[2] (high word)
      jne #0x0, L194
      ld [32]                 ; args[2] (low word)
      jeq #0xb, L228
L194: ld [24]                 ; args[1] (low word)
      jne #0x1, L202
      ld [36]                 ; args[2] (high word)
      jne #0x0, L202
      ld [32]                 ; args[2] (low word)
      jeq #0x1e, L228
      jeq #0x7, L228
      jeq #0x4, L228
L202: ld [24]                 ; args[1] (low word)
      jne #0x0, L232
      ld [36]                 ; args[2] (high word)
      jne #0x0, L232
      ld [32]                 ; args[2] (low word)
      jeq #0x50, L228, L232
L208: jne #0xa, L240          ; mprotect
      ld [36]                 ; args[2] (high word)
      jne #0x0, L214
      ld [32]                 ; args[2] (low word)
      jeq #0x1, L228
      jeq #0x0, L228
L214: ld [20]                 ; args[0] (high word)
      jgt #0x7f99, L230
      jne #0x7f99, L230
      ld [16]                 ; args[0] (low word)
      jge #0x4df29000, L229
      ld [28]                 ; args[1] (high word)
      jgt #0x0, L229
      jne #0x0, L224
      ld [24]                 ; args[1] (low word)
      jgt #0x1400000, L229
L224: ld [36]                 ; args[2] (high word)
      jne #0x0, L229
      ld [32]                 ; args[2] (low word)
      jne #0x3, L229
L228: ret #0x7fff0000         ; ALLOW
L229: jle #0x4f32a0ff, L232
L230: ld [28]                 ; args[1] (high word)
      jle #0x0, L233
L232: ret #0x50001            ; ERRNO(1)
L233: jne #0x0, L236
      ld [24]                 ; args[1] (low word)
      jgt #0x1400000, L491
L236: ld [36]                 ; args[2] (high word)
      jne #0x0, L491
      ld [32]                 ; args[2] (low word)
      jeq #0x3, L492, L491
L240: jne #0x29, L306         ; socket
      ld [20]                 ; args[0] (high word)
      jne #0x0, L491
      ld [16]                 ; args[0] (low word)
      jne #0x10, L254
      ld [28]                 ; args[1] (high word)
      jne #0x0, L254
      ld [24]                 ; args[1] (low word)
      and #0xfff7ffff
      jne #0x3, L254
      ld [36]                 ; args[2] (high word)
      jne #0x0, L254
      ld [32]                 ; args[2] (low word)
      jeq #0x0, L492
L254: ld [16]                 ; args[0] (low word)
      jne #0xa, L273
      ld [28]                 ; args[1] (high word)
      jne #0x0, L273
      ld [24]                 ; args[1] (low word)
      and #0xfff7f7ff
      jne #0x2, L266
      ld [36]                 ; args[2] (high word)
      jne #0x0, L266
      ld [32]                 ; args[2] (low word)
      jeq #0x11, L492
      jeq #0x0, L492
L266: ld [24]                 ; args[1] (low word)
      and #0xfff7f7ff
      jne #0x1, L273
      ld [36]                 ; args[2] (high word)
      jne #0x0, L273
      ld [32]                 ; args[2] (low word)
      jeq #0x6, L492
L273: ld [16]                 ; args[0] (low word)
      jne #0x2, L292
      ld [28]                 ; args[1] (high word)
      jne #0x0, L292
      ld [24]                 ; args[1] (low word)
      and #0xfff7f7ff
      jne #0x2, L285
      ld [36]                 ; args[2] (high word)
      jne #0x0, L285
      ld [32]                 ; args[2] (low word)
      jeq #0x11, L492
      jeq #0x0, L492
L285: ld [24]                 ; args[1] (low word)
      and #0xfff7f7ff
      jne #0x1, L292
      ld [36]                 ; args[2] (high word)
      jne #0x0, L292
      ld [32]                 ; args[2] (low word)
      jeq #0x6, L492
L292: ld [16]                 ; args[0] (low word)
      jne #0x1, L491
      ld [28]                 ; args[1] (high word)
      jne #0x0, L491
      ld [24]                 ; args[1] (low word)
      and #0xfff7f7ff
      jne #0x2, L303
      ld [36]                 ; args[2] (high word)
      jne #0x0, L303
      ld [32]                 ; args[2] (low word)
      jeq #0x0, L492
L303: ld [24]                 ; args[1] (low word)
      and #0xfff7f7ff
      jeq #0x1, L492, L491
L306: jne #0x101, L368        ; openat
      ld [20]                 ; args[0] (high word)
      and #0x0
      jne #0x0, L491
      ld [16]                 ; args[0] (low word)
      jne #0xffffff9c, L491
      ld [28]                 ; args[1] (high word)
      jne #0x7f99, L491
      ld [24]                 ; args[1] (low word)
      jne #0x4f329891, L320
      ld [36]                 ; args[2] (high word)
      jne #0x0, L320
      ld [32]                 ; args[2] (low word)
      jeq #0x90800, L492
L320: ld [24]                 ; args[1] (low word)
      jeq #0x4f32986d, L492
      jeq #0x4f329833, L492
      jeq #0x4f3297fb, L492
      jeq #0x4f3297c8, L492
      jeq #0x4f3297bb, L492
      jeq #0x4f3297ae, L492
      jeq #0x4f3297a2, L492
      jeq #0x4f329797, L492
      jeq #0x4f329789, L492
      jeq #0x4f329778, L492
      jeq #0x4f329760, L492
      jeq #0x4f32973f, L492
      jeq #0x4f32971a, L492
      jeq #0x4f3296c6, L492
      jeq #0x4f329696, L492
      jeq #0x4f329666, L492
      jeq #0x4f329632, L492
      jeq #0x4f3295fe, L492
      jeq #0x4f3295c6, L492
      jeq #0x4f329588, L492
      jeq #0x4f329546, L492
      jeq #0x4f32950c, L492
      jeq #0x4f3294ce, L492
      jeq #0x4f329499, L492
      jeq #0x4f329468, L492
      jeq #0x4f329433, L492
      jeq #0x4f3293fa, L492
      jeq #0x4f3293c4, L492
      jeq #0x4f329392, L492
      jeq #0x4f32935c, L492
      jeq #0x4f329322, L492
      jeq #0x4f3292ee, L492
      jeq #0x4f3292be, L492
      jeq #0x4f329286, L492
      jeq #0x4f32925d, L492
      jeq #0x4f329235, L492
      jeq #0x4f329209, L492
      jeq #0x4f3291d9, L492
      jeq #0x4f3291a5, L492
      jeq #0x4f329176, L492
      jeq #0x4f329143, L492
      jeq #0x4f329124, L492
      jeq #0x4f3290db, L492
      jeq #0x4f329077, L492
      jeq #0x4f32906e, L492
      jeq #0x4f32903b, L492
      jeq #0x4f329000, L492, L491
L368: jne #0x52, L491         ; rename
      ld [20]                 ; args[0] (high word)
      jne #0x7f99, L491
      ld [16]                 ; args[0] (low word)
      jne #0x4f32973f, L377
      ld [28]                 ; args[1] (high word)
      jne #0x7f99, L377
      ld [24]                 ; args[1] (low word)
      jeq #0x4f3296f2, L492
L377: ld [16]                 ; args[0] (low word)
      jne #0x4f32971a, L383
      ld [28]                 ; args[1] (high word)
      jne #0x7f99, L383
      ld [24]                 ; args[1] (low word)
      jeq #0x4f32973f, L492
L383: ld [16]                 ; args[0] (low word)
      jne #0x4f329696, L389
      ld [28]                 ; args[1] (high word)
      jne #0x7f99, L389
      ld [24]                 ; args[1] (low word)
      jeq #0x4f3296c6, L492
L389: ld [16]                 ; args[0] (low word)
      jne #0x4f329632, L395
      ld [28]                 ; args[1] (high word)
      jne #0x7f99, L395
      ld [24]                 ; args[1] (low word)
      jeq #0x4f329666, L492
L395: ld [16]                 ; args[0] (low word)
      jne #0x4f3295c6, L401
      ld [28]                 ; args[1] (high word)
      jne #0x7f99, L401
      ld [24]                 ; args[1] (low word)
      jeq #0x4f3295fe, L492
L401: ld [16]                 ; args[0] (low word)
      jne #0x4f329546, L407
      ld [28]                 ; args[1] (high word)
      jne #0x7f99, L407
      ld [24]                 ; args[1] (low word)
      jeq #0x4f329588, L492
L407: ld [16]                 ; args[0] (low word)
      jne #0x4f3294ce, L413
      ld [28]                 ; args[1] (high word)
      jne #0x7f99, L413
      ld [24]                 ; args[1] (low word)
      jeq #0x4f32950c, L492
L413: ld [16]                 ; args[0] (low word)
      jne #0x4f329499, L419
      ld [28]                 ; args[1] (high word)
      jne #0x7f99, L419
      ld [24]                 ; args[1] (low word)
      jeq #0x4f329468, L492
L419: ld [16]                 ; args[0] (low word)
      jne #0x4f329433, L425
      ld [28]                 ; args[1] (high word)
      jne #0x7f99, L425
      ld [24]                 ; args[1] (low word)
      jeq #0x4f329468, L492
L425: ld [16]                 ; args[0] (low word)
      jne #0x4f3293fa, L431
      ld [28]                 ; args[1] (high word)
      jne #0x7f99, L431
      ld [24]                 ; args[1] (low word)
      jeq #0x4f329433, L492
L431: ld [16]                 ; args[0] (low word)
      jne #0x4f3293c4, L437
      ld [28]                 ; args[1] (high word)
      jne #0x7f99, L437
      ld [24]                 ; args[1] (low word)
      jeq #0x4f329392, L492
L437: ld [16]                 ; args[0] (low word)
      jne #0x4f32935c, L443
      ld [28]                 ; args[1] (high word)
      jne #0x7f99, L443
      ld [24]                 ; args[1] (low word)
      jeq #0x4f329392, L492
L443: ld [16]                 ; args[0] (low word)
      jne #0x4f329322, L449
      ld [28]                 ; args[1] (high word)
      jne #0x7f99, L449
      ld [24]                 ; args[1] (low word)
      jeq #0x4f32935c, L492
L449: ld [16]                 ; args[0] (low word)
      jne #0x4f3292ee, L455
      ld [28]                 ; args[1] (high word)
      jne #0x7f99, L455
      ld [24]                 ; args[1] (low word)
      jeq #0x4f3292be, L492
L455: ld [16]                 ; args[0] (low word)
      jne #0x4f329286, L461
      ld [28]                 ; args[1] (high word)
      jne #0x7f99, L461
      ld [24]                 ; args[1] (low word)
      jeq #0x4f329077, L492
L461: ld [16]                 ; args[0] (low word)
      jne #0x4f32925d, L467
      ld [28]                 ; args[1] (high word)
      jne #0x7f99, L467
      ld [24]                 ; args[1] (low word)
      jeq #0x4f3290db, L492
L467: ld [16]                 ; args[0] (low word)
      jne #0x4f329209, L473
      ld [28]                 ; args[1] (high word)
      jne #0x7f99, L473
      ld [24]                 ; args[1] (low word)
      jeq #0x4f329235, L492
L473: ld [16]                 ; args[0] (low word)
      jne #0x4f3291a5, L479
      ld [28]                 ; args[1] (high word)
      jne #0x7f99, L479
      ld [24]                 ; args[1] (low word)
      jeq #0x4f3291d9, L492
L479: ld [16]                 ; args[0] (low word)
      jne #0x4f329143, L485
      ld [28]                 ; args[1] (high word)
      jne #0x7f99, L485
      ld [24]                 ; args[1] (low word)
      jeq #0x4f329176, L492
L485: ld [16]                 ; args[0] (low word)
      jne #0x4f329077, L491
      ld [28]                 ; args[1] (high word)
      jne #0x7f99, L491
      ld [24]                 ; args[1] (low word)
      jeq #0x4f3292be, L492
L491: ret #0x50001            ; ERRNO(1)
L492: ret #0x7fff0000         ; ALLOW
      ret #0x0                ; KILL_THREAD
