      ld [4]                  ; arch
      jeq #0xc000003e, L3     ; x86_64
      jmp L350
L3:   ld [0]                  ; nr
      jeq #0x0, L28           ; read
      jeq #0x1, L28           ; write
      jeq #0x3, L28           ; close
      jeq #0x4, L28           ; stat
      jeq #0x5, L28           ; fstat
      jeq #0x6, L28           ; lstat
      jeq #0x7, L28           ; poll
      jeq #0x8, L28           ; lseek
      jeq #0x9, L28           ; mmap
      jeq #0xa, L28           ; mprotect
      jeq #0xb, L28           ; munmap
      jeq #0xc, L28           ; brk
      jeq #0xd, L28           ; rt_sigaction
      jeq #0xe, L28           ; rt_sigprocmask
      jeq #0xf, L28           ; rt_sigreturn
      jeq #0x10, L28          ; ioctl
      jeq #0x11, L28          ; pread64
      jeq #0x12, L28          ; pwrite64
      jeq #0x13, L28          ; readv
      jeq #0x14, L28          ; writev
      jeq #0x15, L28          ; access
      jeq #0x16, L28          ; pipe
      jeq #0x17, L28          ; select
      jne #0x18, L29          ; sched_yield
L28:  ret #0x7fff0000         ; ALLOW
L29:  jeq #0x19, L285         ; mremap
      jeq #0x1a, L285         ; msync
      jeq #0x1c, L285         ; madvise
      jeq #0x1d, L285         ; shmget
      jeq #0x20, L285         ; dup
      jeq #0x21, L285         ; dup2
      jeq #0x22, L285         ; pause
      jeq #0x23, L285         ; nanosleep
      jeq #0x27, L285         ; getpid
      jeq #0x38, L285         ; clone
      jeq #0x39, L285         ; fork
      jeq #0x3a, L285         ; vfork
      jeq #0x3b, L285         ; execve
      jeq #0x3c, L285         ; exit
      jeq #0x3d, L285         ; wait4
      jeq #0x3e, L285         ; kill
      jeq #0x3f, L285         ; uname
      jeq #0x43, L285         ; shmdt
      jeq #0x48, L285         ; fcntl
      jeq #0x4a, L285         ; fsync
      jeq #0x4b, L285         ; fdatasync
      jeq #0x4c, L285         ; truncate
      jeq #0x4d, L285         ; ftruncate
      jeq #0x4e, L285         ; getdents
      jeq #0x4f, L285         ; getcwd
      jeq #0x50, L285         ; chdir
      jeq #0x51, L285         ; fchdir
      jeq #0x52, L285         ; rename
      jeq #0x53, L285         ; mkdir
      jeq #0x54, L285         ; rmdir
      jeq #0x56, L285         ; link
      jeq #0x57, L285         ; unlink
      jeq #0x58, L285         ; symlink
      jeq #0x59, L285         ; readlink
      jeq #0x60, L285         ; gettimeofday
      jeq #0x61, L285         ; getrlimit
      jeq #0x62, L285         ; getrusage
      jeq #0x63, L285         ; sysinfo
      jeq #0x66, L285         ; getuid
      jeq #0x68, L285         ; getgid
      jeq #0x6b, L285         ; geteuid
      jeq #0x6c, L285         ; getegid
      jeq #0x6e, L285         ; getppid
      jeq #0x6f, L285         ; getpgrp
      jeq #0x73, L285         ; getgroups
      jeq #0x76, L285         ; getresuid
      jeq #0x78, L285         ; getresgid
      jeq #0x79, L285         ; getpgid
      jeq #0x7c, L285         ; getsid
      jeq #0x7d, L285         ; capget
      jeq #0x7f, L285         ; rt_sigpending
      jeq #0x80, L285         ; rt_sigtimedwait
      jeq #0x82, L285         ; rt_sigsuspend
      jeq #0x83, L285         ; sigaltstack
      jeq #0x84, L285         ; utime
      jeq #0x89, L285         ; statfs
      jeq #0x8a, L285         ; fstatfs
      jeq #0x9d, L285         ; prctl
      jeq #0x9e, L285         ; arch_prctl
      jeq #0xa2, L285         ; sync
      jeq #0xba, L285         ; gettid
      jeq #0xc9, L285         ; time
      jeq #0xca, L285         ; futex
      jeq #0xcc, L285         ; sched_getaffinity
      jeq #0xcd, L285         ; set_thread_area
      jeq #0xd3, L285         ; get_thread_area
      jeq #0xd5, L285         ; epoll_create
      jeq #0xd6, L285         ; epoll_ctl_old
      jeq #0xd7, L285         ; epoll_wait_old
      jeq #0xd9, L285         ; getdents64
      jeq #0xda, L285         ; set_tid_address
      jeq #0xdb, L285         ; restart_syscall
      jeq #0xdd, L285         ; fadvise64
      jeq #0xe4, L285         ; clock_gettime
      jeq #0xe5, L285         ; clock_getres
      jeq #0xe6, L285         ; clock_nanosleep
      jeq #0xe7, L285         ; exit_group
      jeq #0xe8, L285         ; epoll_wait
      jeq #0xe9, L285         ; epoll_ctl
      jeq #0xea, L285         ; tgkill
      jeq #0xeb, L285         ; utimes
      jeq #0xf7, L285         ; waitid
      jeq #0x102, L285        ; mkdirat
      jeq #0x105, L285        ; futimesat
      jeq #0x106, L285        ; newfstatat
      jeq #0x107, L285        ; unlinkat
      jeq #0x108, L285        ; renameat
      jeq #0x109, L285        ; linkat
      jeq #0x10a, L285        ; symlinkat
      jeq #0x10b, L285        ; readlinkat
      jeq #0x10d, L285        ; faccessat
      jeq #0x10e, L285        ; pselect6
      jeq #0x10f, L285        ; ppoll
      jeq #0x111, L285        ; set_robust_list
      jeq #0x112, L285        ; get_robust_list
      jeq #0x115, L285        ; sync_file_range
      jeq #0x118, L285        ; utimensat
      jeq #0x119, L285        ; epoll_pwait
      jeq #0x11a, L285        ; signalfd
      jeq #0x11c, L285        ; eventfd
      jeq #0x11d, L285        ; fallocate
      jeq #0x121, L285        ; signalfd4
      jeq #0x122, L285        ; eventfd2
      jeq #0x123, L285        ; epoll_create1
      jeq #0x124, L285        ; dup3
      jeq #0x125, L285        ; pipe2
      jeq #0x127, L285        ; preadv
      jeq #0x128, L285        ; pwritev
      jeq #0x12e, L285        ; prlimit64
      jeq #0x132, L285        ; syncfs
      jeq #0x13c, L285        ; renameat2
      jeq #0x13e, L285        ; getrandom
      jeq #0x142, L285        ; execveat
      jeq #0x144, L285        ; membarrier
      jeq #0x147, L285        ; preadv2
      jeq #0x148, L285        ; pwritev2
      jeq #0x14c, L285        ; statx
      jeq #0x14e, L285        ; rseq
      jeq #0x40000000, L285
      jeq #0x40000001, L285
      jeq #0x40000003, L285
      jeq #0x40000004, L285
      jeq #0x40000005, L285
      jeq #0x40000006, L285
      jeq #0x40000007, L285
      jeq #0x40000008, L285
      jeq #0x40000009, L285
      jeq #0x4000000a, L285
      jeq #0x4000000b, L285
      jeq #0x4000000c, L285
      jeq #0x4000000e, L285
      jeq #0x40000011, L285
      jeq #0x40000012, L285
      jeq #0x40000015, L285
      jeq #0x40000016, L285
      jeq #0x40000017, L285
      jeq #0x40000018, L285
      jeq #0x40000019, L285
      jeq #0x4000001a, L285
      jeq #0x4000001c, L285
      jeq #0x4000001d, L285
      jeq #0x40000020, L285
      jeq #0x40000021, L285
      jeq #0x40000022, L285
      jeq #0x40000023, L285
      jeq #0x40000027, L285
      jeq #0x40000038, L285
      jeq #0x40000039, L285
      jeq #0x4000003a, L285
      jeq #0x4000003c, L285
      jeq #0x4000003d, L285
      jeq #0x4000003e, L285
      jeq #0x4000003f, L285
      jeq #0x40000043, L285
      jeq #0x40000048, L285
      jeq #0x4000004a, L285
      jeq #0x4000004b, L285
      jeq #0x4000004c, L285
      jeq #0x4000004d, L285
      jeq #0x4000004e, L285
      jeq #0x4000004f, L285
      jeq #0x40000050, L285
      jeq #0x40000051, L285
      jeq #0x40000052, L285
      jeq #0x40000053, L285
      jeq #0x40000054, L285
      jeq #0x40000056, L285
      jeq #0x40000057, L285
      jeq #0x40000058, L285
      jeq #0x40000059, L285
      jeq #0x40000060, L285
      jeq #0x40000061, L285
      jeq #0x40000062, L285
      jeq #0x40000063, L285
      jeq #0x40000066, L285
      jeq #0x40000068, L285
      jeq #0x4000006b, L285
      jeq #0x4000006c, L285
      jeq #0x4000006e, L285
      jeq #0x4000006f, L285
      jeq #0x40000073, L285
      jeq #0x40000076, L285
      jeq #0x40000078, L285
      jeq #0x40000079, L285
      jeq #0x4000007c, L285
      jeq #0x4000007d, L285
      jeq #0x40000082, L285
      jeq #0x40000084, L285
      jeq #0x40000089, L285
      jeq #0x4000008a, L285
      jeq #0x4000009d, L285
      jeq #0x4000009e, L285
      jeq #0x400000a2, L285
      jeq #0x400000ba, L285
      jeq #0x400000c9, L285
      jeq #0x400000ca, L285
      jeq #0x400000cc, L285
      jeq #0x400000d5, L285
      jeq #0x400000d9, L285
      jeq #0x400000da, L285
      jeq #0x400000db, L285
      jeq #0x400000dd, L285
      jeq #0x400000e4, L285
      jeq #0x400000e5, L285
      jeq #0x400000e6, L285
      jeq #0x400000e7, L285
      jeq #0x400000e8, L285
      jeq #0x400000e9, L285
      jeq #0x400000ea, L285
      jeq #0x400000eb, L285
      jeq #0x40000102, L285
      jeq #0x40000105, L285
      jeq #0x40000106, L285
      jeq #0x40000107, L285
      jeq #0x40000108, L285
      jeq #0x40000109, L285
      jeq #0x4000010a, L285
      jeq #0x4000010b, L285
      jeq #0x4000010d, L285
      jeq #0x4000010e, L285
      jeq #0x4000010f, L285
      jeq #0x40000115, L285
      jeq #0x40000118, L285
      jeq #0x40000119, L285
      jeq #0x4000011a, L285
      jeq #0x4000011c, L285
      jeq #0x4000011d, L285
      jeq #0x40000121, L285
      jeq #0x40000122, L285
      jeq #0x40000123, L285
      jeq #0x40000124, L285
      jeq #0x40000125, L285
      jeq #0x4000012e, L285
      jeq #0x40000132, L285
      jeq #0x4000013c, L285
      jeq #0x4000013e, L285
      jeq #0x40000144, L285
      jeq #0x4000014c, L285
      jeq #0x4000014e, L285
      jeq #0x40000200, L285
      jeq #0x40000201, L285
      jeq #0x40000202, L285
      jeq #0x40000203, L285
      jeq #0x40000204, L285
      jeq #0x40000208, L285
      jeq #0x4000020a, L285
      jeq #0x4000020b, L285
      jeq #0x4000020d, L285
      jeq #0x40000211, L285
      jeq #0x40000212, L285
      jeq #0x40000213, L285
      jeq #0x40000216, L285
      jeq #0x40000217, L285
      jeq #0x40000221, L285
      jeq #0x40000222, L285
      jne #0x40000223, L286
L285: ret #0x7fff0000         ; ALLOW
L286: jeq #0x4000001e, L295
      jeq #0x4000001f, L533
      jeq #0x40000055, L525
      jeq #0x4000005a, L525
      jeq #0x4000005b, L525
      jeq #0x4000010c, L529
      jne #0x1e, L296         ; shmat
      ld [36]                 ; args[2] (high word)
      jne #0x0, L315
L295: jmp L577
L296: jne #0x1f, L299         ; shmctl
      ld [28]                 ; args[1] (high word)
      jeq #0x0, L533, L315
L299: jeq #0x55, L302         ; creat
      jeq #0x5a, L302         ; chmod
      jne #0x5b, L305         ; fchmod
L302: ld [28]                 ; args[1] (high word)
      and #0x0
      jeq #0x0, L525, L315
L305: jne #0x10c, L309        ; fchmodat
      ld [36]                 ; args[2] (high word)
      and #0x0
      jeq #0x0, L529, L315
L309: jeq #0x40000002, L537
      jeq #0x40000101, L553
      jne #0x2, L331          ; open
      ld [28]                 ; args[1] (high word)
      and #0x0
      jeq #0x0, L316
L315: ret #0x50026            ; ERRNO(38)
L316: ld [24]                 ; args[1] (low word)
      and #0x410000
      jne #0x410000, L325
      ld [36]                 ; args[2] (high word)
      and #0x0
      jne #0x0, L325
      ld [32]                 ; args[2] (low word)
      and #0xc49
      jeq #0x0, L580
L325: ld [24]                 ; args[1] (low word)
      and #0x40
      jne #0x40, L549
      ld [36]                 ; args[2] (high word)
      and #0x0
      jeq #0x0, L546, L549
L331: jne #0x101, L579        ; openat
      ld [36]                 ; args[2] (high word)
      and #0x0
      jne #0x0, L579
      ld [32]                 ; args[2] (low word)
      and #0x410000
      jne #0x410000, L344
      ld [44]                 ; args[3] (high word)
      and #0x0
      jne #0x0, L344
      ld [40]                 ; args[3] (low word)
      and #0xc49
      jeq #0x0, L580
L344: ld [32]                 ; args[2] (low word)
      and #0x40
      jne #0x40, L565
      ld [44]                 ; args[3] (high word)
      and #0x0
      jeq #0x0, L562, L565
L350: jne #0x40000003, L581   ; x86
      ld [0]                  ; nr
      jeq #0x0, L580          ; restart_syscall
      jeq #0x1, L580          ; exit
      jeq #0x2, L580          ; fork
      jeq #0x3, L580          ; read
      jeq #0x4, L580          ; write
      jeq #0x6, L580          ; close
      jeq #0x7, L580          ; waitpid
      jeq #0x9, L580          ; link
      jeq #0xa, L580          ; unlink
      jeq #0xb, L580          ; execve
      jeq #0xc, L580          ; chdir
      jeq #0xd, L580          ; time
      jeq #0x12, L580         ; oldstat
      jeq #0x13, L580         ; lseek
      jeq #0x14, L580         ; getpid
      jeq #0x18, L580         ; getuid
      jeq #0x1c, L580         ; oldfstat
      jeq #0x1d, L580         ; pause
      jeq #0x1e, L580         ; utime
      jeq #0x21, L580         ; access
      jeq #0x24, L580         ; sync
      jeq #0x25, L580         ; kill
      jeq #0x26, L580         ; rename
      jeq #0x27, L580         ; mkdir
      jeq #0x28, L580         ; rmdir
      jeq #0x29, L580         ; dup
      jeq #0x2a, L580         ; pipe
      jeq #0x2d, L580         ; brk
      jeq #0x2f, L580         ; getgid
      jeq #0x30, L580         ; signal
      jeq #0x31, L580         ; geteuid
      jeq #0x32, L580         ; getegid
      jeq #0x36, L580         ; ioctl
      jeq #0x37, L580         ; fcntl
      jeq #0x3f, L580         ; dup2
      jeq #0x40, L580         ; getppid
      jeq #0x41, L580         ; getpgrp
      jeq #0x43, L580         ; sigaction
      jeq #0x48, L580         ; sigsuspend
      jeq #0x49, L580         ; sigpending
      jeq #0x4c, L580         ; getrlimit
      jeq #0x4d, L580         ; getrusage
      jeq #0x4e, L580         ; gettimeofday
      jeq #0x50, L580         ; getgroups
      jeq #0x52, L580         ; select
      jeq #0x53, L580         ; symlink
      jeq #0x54, L580         ; oldlstat
      jeq #0x55, L580         ; readlink
      jeq #0x5a, L580         ; mmap
      jeq #0x5b, L580         ; munmap
      jeq #0x5c, L580         ; truncate
      jeq #0x5d, L580         ; ftruncate
      jeq #0x63, L580         ; statfs
      jeq #0x64, L580         ; fstatfs
      jeq #0x6a, L580         ; stat
      jeq #0x6b, L580         ; lstat
      jeq #0x6c, L580         ; fstat
      jeq #0x72, L580         ; wait4
      jeq #0x74, L580         ; sysinfo
      jeq #0x76, L580         ; fsync
      jeq #0x77, L580         ; sigreturn
      jeq #0x78, L580         ; clone
      jeq #0x7a, L580         ; uname
      jeq #0x7d, L580         ; mprotect
      jeq #0x7e, L580         ; sigprocmask
      jeq #0x84, L580         ; getpgid
      jeq #0x85, L580         ; fchdir
      jeq #0x8c, L580         ; _llseek
      jeq #0x8d, L580         ; getdents
      jeq #0x8e, L580         ; _newselect
      jeq #0x90, L580         ; msync
      jeq #0x91, L580         ; readv
      jeq #0x92, L580         ; writev
      jeq #0x93, L580         ; getsid
      jeq #0x94, L580         ; fdatasync
      jeq #0x9e, L580         ; sched_yield
      jeq #0xa2, L580         ; nanosleep
      jeq #0xa3, L580         ; mremap
      jeq #0xa5, L580         ; getresuid
      jeq #0xa8, L580         ; poll
      jeq #0xab, L580         ; getresgid
      jeq #0xac, L580         ; prctl
      jeq #0xad, L580         ; rt_sigreturn
      jeq #0xae, L580         ; rt_sigaction
      jeq #0xaf, L580         ; rt_sigprocmask
      jeq #0xb0, L580         ; rt_sigpending
      jeq #0xb1, L580         ; rt_sigtimedwait
      jeq #0xb3, L580         ; rt_sigsuspend
      jeq #0xb4, L580         ; pread64
      jeq #0xb5, L580         ; pwrite64
      jeq #0xb7, L580         ; getcwd
      jeq #0xb8, L580         ; capget
      jeq #0xba, L580         ; sigaltstack
      jeq #0xbe, L580         ; vfork
      jeq #0xbf, L580         ; ugetrlimit
      jeq #0xc0, L580         ; mmap2
      jeq #0xc2, L580         ; ftruncate64
      jeq #0xc3, L580         ; stat64
      jeq #0xc4, L580         ; lstat64
      jeq #0xc5, L580         ; fstat64
      jeq #0xc7, L580         ; getuid32
      jeq #0xc8, L580         ; getgid32
      jeq #0xc9, L580         ; geteuid32
      jeq #0xca, L580         ; getegid32
      jeq #0xcd, L580         ; getgroups32
      jeq #0xd1, L580         ; getresuid32
      jeq #0xd3, L580         ; getresgid32
      jeq #0xdb, L580         ; madvise
      jeq #0xdc, L580         ; getdents64
      jeq #0xdd, L580         ; fcntl64
      jeq #0xe0, L580         ; gettid
      jeq #0xf0, L580         ; futex
      jeq #0xf2, L580         ; sched_getaffinity
      jeq #0xf3, L580         ; set_thread_area
      jeq #0xf4, L580         ; get_thread_area
      jeq #0xfa, L580         ; fadvise64
      jeq #0xfc, L580         ; exit_group
      jeq #0xfe, L580         ; epoll_create
      jeq #0xff, L580         ; epoll_ctl
      jeq #0x100, L580        ; epoll_wait
      jeq #0x102, L580        ; set_tid_address
      jeq #0x109, L580        ; clock_gettime
      jeq #0x10a, L580        ; clock_getres
      jeq #0x10b, L580        ; clock_nanosleep
      jeq #0x10c, L580        ; statfs64
      jeq #0x10d, L580        ; fstatfs64
      jeq #0x10e, L580        ; tgkill
      jeq #0x10f, L580        ; utimes
      jeq #0x110, L580        ; fadvise64_64
      jeq #0x11c, L580        ; waitid
      jeq #0x128, L580        ; mkdirat
      jeq #0x12b, L580        ; futimesat
      jeq #0x12c, L580        ; fstatat64
      jeq #0x12d, L580        ; unlinkat
      jeq #0x12e, L580        ; renameat
      jeq #0x12f, L580        ; linkat
      jeq #0x130, L580        ; symlinkat
      jeq #0x131, L580        ; readlinkat
      jeq #0x133, L580        ; faccessat
      jeq #0x134, L580        ; pselect6
      jeq #0x135, L580        ; ppoll
      jeq #0x137, L580        ; set_robust_list
      jeq #0x138, L580        ; get_robust_list
      jeq #0x13a, L580        ; sync_file_range
      jeq #0x13f, L580        ; epoll_pwait
      jeq #0x140, L580        ; utimensat
      jeq #0x141, L580        ; signalfd
      jeq #0x143, L580        ; eventfd
      jeq #0x144, L580        ; fallocate
      jeq #0x147, L580        ; signalfd4
      jeq #0x148, L580        ; eventfd2
      jeq #0x149, L580        ; epoll_create1
      jeq #0x14a, L580        ; dup3
      jeq #0x14b, L580        ; pipe2
      jeq #0x14d, L580        ; preadv
      jeq #0x14e, L580        ; pwritev
      jeq #0x154, L580        ; prlimit64
      jeq #0x158, L580        ; syncfs
      jeq #0x161, L580        ; renameat2
      jeq #0x163, L580        ; getrandom
      jeq #0x166, L580        ; execveat
      jeq #0x177, L580        ; membarrier
      jeq #0x17a, L580        ; preadv2
      jeq #0x17b, L580        ; pwritev2
      jeq #0x17f, L580        ; statx
      jeq #0x180, L580        ; arch_prctl
      jeq #0x182, L580        ; rseq
      jeq #0x18b, L580        ; shmget
      jeq #0x18e, L580        ; shmdt
      jeq #0x193, L580        ; clock_gettime64
      jeq #0x8, L525          ; creat
      jeq #0xf, L525          ; chmod
      jne #0x5e, L528         ; fchmod
L525: ld [24]                 ; args[1] (low word)
      and #0xc49
      jeq #0x0, L580, L579
L528: jne #0x132, L532        ; fchmodat
L529: ld [32]                 ; args[2] (low word)
      and #0xc49
      jeq #0x0, L580, L579
L532: jne #0x18c, L535        ; shmctl
L533: ld [24]                 ; args[1] (low word)
      jeq #0x2, L580, L579
L535: jeq #0x18d, L577        ; shmat
      jne #0x5, L552          ; open
L537: ld [24]                 ; args[1] (low word)
      and #0x410000
      jne #0x410000, L543
      ld [32]                 ; args[2] (low word)
      and #0xc49
      jeq #0x0, L580
L543: ld [24]                 ; args[1] (low word)
      and #0x40
      jne #0x40, L549
L546: ld [32]                 ; args[2] (low word)
      and #0xc49
      jeq #0x0, L580
L549: ld [24]                 ; args[1] (low word)
      and #0x410040
      jeq #0x0, L580, L579
L552: jne #0x127, L568        ; openat
L553: ld [32]                 ; args[2] (low word)
      and #0x410000
      jne #0x410000, L559
      ld [40]                 ; args[3] (low word)
      and #0xc49
      jeq #0x0, L580
L559: ld [32]                 ; args[2] (low word)
      and #0x40
      jne #0x40, L565
L562: ld [40]                 ; args[3] (low word)
      and #0xc49
      jeq #0x0, L580
L565: ld [32]                 ; args[2] (low word)
      and #0x410040
      jeq #0x0, L580, L579
L568: jne #0x75, L579         ; ipc
      ld [16]                 ; args[0] (low word)
      jne #0x18, L573
      ld [24]                 ; args[1] (low word)
      jeq #0x2, L580
L573: ld [16]                 ; args[0] (low word)
      jeq #0x17, L580
      jeq #0x16, L580
      jne #0x15, L579
L577: ld [32]                 ; args[2] (low word)
      jeq #0x1000, L580
L579: ret #0x50026            ; ERRNO(38)
L580: ret #0x7fff0000         ; ALLOW
L581: ret #0x0                ; KILL_THREAD
