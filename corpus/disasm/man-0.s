      ld [4]                  ; arch
      jeq #0xc000003e, L3     ; x86_64
      jmp L271
L3:   ld [0]                  ; nr
      jeq #0x0, L196          ; read
      jeq #0x1, L196          ; write
      jeq #0x3, L196          ; close
      jeq #0x4, L196          ; stat
      jeq #0x5, L196          ; fstat
      jeq #0x6, L196          ; lstat
      jeq #0x7, L196          ; poll
      jeq #0x8, L196          ; lseek
      jeq #0x9, L196          ; mmap
      jeq #0xa, L196          ; mprotect
      jeq #0xb, L196          ; munmap
      jeq #0xc, L196          ; brk
      jeq #0xd, L196          ; rt_sigaction
      jeq #0xe, L196          ; rt_sigprocmask
      jeq #0xf, L196          ; rt_sigreturn
      jeq #0x11, L196         ; pread64
      jeq #0x12, L196         ; pwrite64
      jeq #0x13, L196         ; readv
      jeq #0x14, L196         ; writev
      jeq #0x15, L196         ; access
      jeq #0x16, L196         ; pipe
      jeq #0x17, L196         ; select
      jeq #0x18, L196         ; sched_yield
      jeq #0x19, L196         ; mremap
      jeq #0x1a, L196         ; msync
      jeq #0x1c, L196         ; madvise
      jeq #0x1d, L196         ; shmget
      jeq #0x20, L196         ; dup
      jeq #0x21, L196         ; dup2
      jeq #0x22, L196         ; pause
      jeq #0x23, L196         ; nanosleep
      jeq #0x27, L196         ; getpid
      jeq #0x38, L196         ; clone
      jeq #0x39, L196         ; fork
      jeq #0x3a, L196         ; vfork
      jeq #0x3b, L196         ; execve
      jeq #0x3c, L196         ; exit
      jeq #0x3d, L196         ; wait4
      jeq #0x3e, L196         ; kill
      jeq #0x3f, L196         ; uname
      jeq #0x43, L196         ; shmdt
      jeq #0x48, L196         ; fcntl
      jeq #0x4a, L196         ; fsync
      jeq #0x4b, L196         ; fdatasync
      jeq #0x4d, L196         ; ftruncate
      jeq #0x4e, L196         ; getdents
      jeq #0x4f, L196         ; getcwd
      jeq #0x50, L196         ; chdir
      jeq #0x51, L196         ; fchdir
      jeq #0x59, L196         ; readlink
      jeq #0x60, L196         ; gettimeofday
      jeq #0x61, L196         ; getrlimit
      jeq #0x62, L196         ; getrusage
      jeq #0x63, L196         ; sysinfo
      jeq #0x66, L196         ; getuid
      jeq #0x68, L196         ; getgid
      jeq #0x6b, L196         ; geteuid
      jeq #0x6c, L196         ; getegid
      jeq #0x6e, L196         ; getppid
      jeq #0x6f, L196         ; getpgrp
      jeq #0x73, L196         ; getgroups
      jeq #0x76, L196         ; getresuid
      jeq #0x78, L196         ; getresgid
      jeq #0x79, L196         ; getpgid
      jeq #0x7c, L196         ; getsid
      jeq #0x7d, L196         ; capget
      jeq #0x7f, L196         ; rt_sigpending
      jeq #0x80, L196         ; rt_sigtimedwait
      jeq #0x82, L196         ; rt_sigsuspend
      jeq #0x83, L196         ; sigaltstack
      jeq #0x89, L196         ; statfs
      jeq #0x8a, L196         ; fstatfs
      jeq #0x9d, L196         ; prctl
      jeq #0x9e, L196         ; arch_prctl
      jeq #0xa2, L196         ; sync
      jeq #0xba, L196         ; gettid
      jeq #0xc9, L196         ; time
      jeq #0xca, L196         ; futex
      jeq #0xcc, L196         ; sched_getaffinity
      jeq #0xcd, L196         ; set_thread_area
      jeq #0xd3, L196         ; get_thread_area
      jeq #0xd5, L196         ; epoll_create
      jeq #0xd6, L196         ; epoll_ctl_old
      jeq #0xd7, L196         ; epoll_wait_old
      jeq #0xd9, L196         ; getdents64
      jeq #0xda, L196         ; set_tid_address
      jeq #0xdb, L196         ; restart_syscall
      jeq #0xdd, L196         ; fadvise64
      jeq #0xe4, L196         ; clock_gettime
      jeq #0xe5, L196         ; clock_getres
      jeq #0xe6, L196         ; clock_nanosleep
      jeq #0xe7, L196         ; exit_group
      jeq #0xe8, L196         ; epoll_wait
      jeq #0xe9, L196         ; epoll_ctl
      jeq #0xea, L196         ; tgkill
      jeq #0xf7, L196         ; waitid
      jeq #0x106, L196        ; newfstatat
      jeq #0x10b, L196        ; readlinkat
      jeq #0x10d, L196        ; faccessat
      jeq #0x10e, L196        ; pselect6
      jeq #0x10f, L196        ; ppoll
      jeq #0x111, L196        ; set_robust_list
      jeq #0x112, L196        ; get_robust_list
      jeq #0x115, L196        ; sync_file_range
      jeq #0x119, L196        ; epoll_pwait
      jeq #0x11a, L196        ; signalfd
      jeq #0x11c, L196        ; eventfd
      jeq #0x11d, L196        ; fallocate
      jeq #0x121, L196        ; signalfd4
      jeq #0x122, L196        ; eventfd2
      jeq #0x123, L196        ; epoll_create1
      jeq #0x124, L196        ; dup3
      jeq #0x125, L196        ; pipe2
      jeq #0x127, L196        ; preadv
      jeq #0x128, L196        ; pwritev
      jeq #0x12e, L196        ; prlimit64
      jeq #0x132, L196        ; syncfs
      jeq #0x13e, L196        ; getrandom
      jeq #0x142, L196        ; execveat
      jeq #0x144, L196        ; membarrier
      jeq #0x147, L196        ; preadv2
      jeq #0x148, L196        ; pwritev2
      jeq #0x14c, L196        ; statx
      jeq #0x14e, L196        ; rseq
      jeq #0x40000000, L196
      jeq #0x40000001, L196
      jeq #0x40000003, L196
      jeq #0x40000004, L196
      jeq #0x40000005, L196
      jeq #0x40000006, L196
      jeq #0x40000007, L196
      jeq #0x40000008, L196
      jeq #0x40000009, L196
      jeq #0x4000000a, L196
      jeq #0x4000000b, L196
      jeq #0x4000000c, L196
      jeq #0x4000000e, L196
      jeq #0x40000011, L196
      jeq #0x40000012, L196
      jeq #0x40000015, L196
      jeq #0x40000016, L196
      jeq #0x40000017, L196
      jeq #0x40000018, L196
      jeq #0x40000019, L196
      jeq #0x4000001a, L196
      jeq #0x4000001c, L196
      jeq #0x4000001d, L196
      jeq #0x40000020, L196
      jeq #0x40000021, L196
      jeq #0x40000022, L196
      jeq #0x40000023, L196
      jeq #0x40000027, L196
      jeq #0x40000038, L196
      jeq #0x40000039, L196
      jeq #0x4000003a, L196
      jeq #0x4000003c, L196
      jeq #0x4000003d, L196
      jeq #0x4000003e, L196
      jeq #0x4000003f, L196
      jeq #0x40000043, L196
      jeq #0x40000048, L196
      jeq #0x4000004a, L196
      jeq #0x4000004b, L196
      jeq #0x4000004d, L196
      jeq #0x4000004e, L196
      jeq #0x4000004f, L196
      jeq #0x40000050, L196
      jeq #0x40000051, L196
      jeq #0x40000059, L196
      jeq #0x40000060, L196
      jeq #0x40000061, L196
      jeq #0x40000062, L196
      jeq #0x40000063, L196
      jeq #0x40000066, L196
      jeq #0x40000068, L196
      jeq #0x4000006b, L196
      jeq #0x4000006c, L196
      jeq #0x4000006e, L196
      jeq #0x4000006f, L196
      jeq #0x40000073, L196
      jeq #0x40000076, L196
      jeq #0x40000078, L196
      jeq #0x40000079, L196
      jeq #0x4000007c, L196
      jeq #0x4000007d, L196
      jeq #0x40000082, L196
      jeq #0x40000089, L196
      jeq #0x4000008a, L196
      jeq #0x4000009d, L196
      jeq #0x4000009e, L196
      jeq #0x400000a2, L196
      jne #0x400000ba, L197
L196: ret #0x7fff0000         ; ALLOW
L197: jeq #0x400000c9, L453
      jeq #0x400000ca, L453
      jeq #0x400000cc, L453
      jeq #0x400000d5, L453
      jeq #0x400000d9, L453
      jeq #0x400000da, L453
      jeq #0x400000db, L453
      jeq #0x400000dd, L453
      jeq #0x400000e4, L453
      jeq #0x400000e5, L453
      jeq #0x400000e6, L453
      jeq #0x400000e7, L453
      jeq #0x400000e8, L453
      jeq #0x400000e9, L453
      jeq #0x400000ea, L453
      jeq #0x40000106, L453
      jeq #0x4000010b, L453
      jeq #0x4000010d, L453
      jeq #0x4000010e, L453
      jeq #0x4000010f, L453
      jeq #0x40000115, L453
      jeq #0x40000119, L453
      jeq #0x4000011a, L453
      jeq #0x4000011c, L453
      jeq #0x4000011d, L453
      jeq #0x40000121, L453
      jeq #0x40000122, L453
      jeq #0x40000123, L453
      jeq #0x40000124, L453
      jeq #0x40000125, L453
      jeq #0x4000012e, L453
      jeq #0x40000132, L453
      jeq #0x4000013e, L453
      jeq #0x40000144, L453
      jeq #0x4000014c, L453
      jeq #0x4000014e, L453
      jeq #0x40000200, L453
      jeq #0x40000201, L453
      jeq #0x40000203, L453
      jeq #0x40000204, L453
      jeq #0x40000208, L453
      jeq #0x4000020a, L453
      jeq #0x4000020b, L453
      jeq #0x4000020d, L453
      jeq #0x40000211, L453
      jeq #0x40000212, L453
      jeq #0x40000213, L453
      jeq #0x40000216, L453
      jeq #0x40000217, L453
      jeq #0x40000221, L453
      jeq #0x40000222, L453
      jeq #0x40000223, L453
      jeq #0x40000002, L426
      jeq #0x4000001e, L450
      jeq #0x4000001f, L434
      jeq #0x40000101, L430
      jne #0x2, L257          ; open
      ld [28]                 ; args[1] (high word)
      and #0x0
      jeq #0x0, L426, L452
L257: jne #0x1e, L260         ; shmat
      ld [36]                 ; args[2] (high word)
      jeq #0x0, L450, L452
L260: jne #0x1f, L263         ; shmctl
      ld [28]                 ; args[1] (high word)
      jeq #0x0, L434, L452
L263: jne #0x101, L267        ; openat
      ld [36]                 ; args[2] (high word)
      and #0x0
      jeq #0x0, L430, L452
L267: jeq #0x40000202, L438
      jne #0x10, L452         ; ioctl
      ld [28]                 ; args[1] (high word)
      jeq #0x0, L438, L452
L271: jne #0x40000003, L454   ; x86
      ld [0]                  ; nr
      jeq #0x0, L453          ; restart_syscall
      jeq #0x1, L453          ; exit
      jeq #0x2, L453          ; fork
      jeq #0x3, L453          ; read
      jeq #0x4, L453          ; write
      jeq #0x6, L453          ; close
      jeq #0x7, L453          ; waitpid
      jeq #0xb, L453          ; execve
      jeq #0xc, L453          ; chdir
      jeq #0xd, L453          ; time
      jeq #0x12, L453         ; oldstat
      jeq #0x13, L453         ; lseek
      jeq #0x14, L453         ; getpid
      jeq #0x18, L453         ; getuid
      jeq #0x1c, L453         ; oldfstat
      jeq #0x1d, L453         ; pause
      jeq #0x21, L453         ; access
      jeq #0x24, L453         ; sync
      jeq #0x25, L453         ; kill
      jeq #0x29, L453         ; dup
      jeq #0x2a, L453         ; pipe
      jeq #0x2d, L453         ; brk
      jeq #0x2f, L453         ; getgid
      jeq #0x30, L453         ; signal
      jeq #0x31, L453         ; geteuid
      jeq #0x32, L453         ; getegid
      jeq #0x37, L453         ; fcntl
      jeq #0x3f, L453         ; dup2
      jeq #0x40, L453         ; getppid
      jeq #0x41, L453         ; getpgrp
      jeq #0x43, L453         ; sigaction
      jeq #0x48, L453         ; sigsuspend
      jeq #0x49, L453         ; sigpending
      jeq #0x4c, L453         ; getrlimit
      jeq #0x4d, L453         ; getrusage
      jeq #0x4e, L453         ; gettimeofday
      jeq #0x50, L453         ; getgroups
      jeq #0x52, L453         ; select
      jeq #0x54, L453         ; oldlstat
      jeq #0x55, L453         ; readlink
      jeq #0x5a, L453         ; mmap
      jeq #0x5b, L453         ; munmap
      jeq #0x5d, L453         ; ftruncate
      jeq #0x63, L453         ; statfs
      jeq #0x64, L453         ; fstatfs
      jeq #0x6a, L453         ; stat
      jeq #0x6b, L453         ; lstat
      jeq #0x6c, L453         ; fstat
      jeq #0x72, L453         ; wait4
      jeq #0x74, L453         ; sysinfo
      jeq #0x76, L453         ; fsync
      jeq #0x77, L453         ; sigreturn
      jeq #0x78, L453         ; clone
      jeq #0x7a, L453         ; uname
      jeq #0x7d, L453         ; mprotect
      jeq #0x7e, L453         ; sigprocmask
      jeq #0x84, L453         ; getpgid
      jeq #0x85, L453         ; fchdir
      jeq #0x8c, L453         ; _llseek
      jeq #0x8d, L453         ; getdents
      jeq #0x8e, L453         ; _newselect
      jeq #0x90, L453         ; msync
      jeq #0x91, L453         ; readv
      jeq #0x92, L453         ; writev
      jeq #0x93, L453         ; getsid
      jeq #0x94, L453         ; fdatasync
      jeq #0x9e, L453         ; sched_yield
      jeq #0xa2, L453         ; nanosleep
      jeq #0xa3, L453         ; mremap
      jeq #0xa5, L453         ; getresuid
      jeq #0xa8, L453         ; poll
      jeq #0xab, L453         ; getresgid
      jeq #0xac, L453         ; prctl
      jeq #0xad, L453         ; rt_sigreturn
      jeq #0xae, L453         ; rt_sigaction
      jeq #0xaf, L453         ; rt_sigprocmask
      jeq #0xb0, L453         ; rt_sigpending
      jeq #0xb1, L453         ; rt_sigtimedwait
      jeq #0xb3, L453         ; rt_sigsuspend
      jeq #0xb4, L453         ; pread64
      jeq #0xb5, L453         ; pwrite64
      jeq #0xb7, L453         ; getcwd
      jeq #0xb8, L453         ; capget
      jeq #0xba, L453         ; sigaltstack
      jeq #0xbe, L453         ; vfork
      jeq #0xbf, L453         ; ugetrlimit
      jeq #0xc0, L453         ; mmap2
      jeq #0xc2, L453         ; ftruncate64
      jeq #0xc3, L453         ; stat64
      jeq #0xc4, L453         ; lstat64
      jeq #0xc5, L453         ; fstat64
      jeq #0xc7, L453         ; getuid32
      jeq #0xc8, L453         ; getgid32
      jeq #0xc9, L453         ; geteuid32
      jeq #0xca, L453         ; getegid32
      jeq #0xcd, L453         ; getgroups32
      jeq #0xd1, L453         ; getresuid32
      jeq #0xd3, L453         ; getresgid32
      jeq #0xdb, L453         ; madvise
      jeq #0xdc, L453         ; getdents64
      jeq #0xdd, L453         ; fcntl64
      jeq #0xe0, L453         ; gettid
      jeq #0xf0, L453         ; futex
      jeq #0xf2, L453         ; sched_getaffinity
      jeq #0xf3, L453         ; set_thread_area
      jeq #0xf4, L453         ; get_thread_area
      jeq #0xfa, L453         ; fadvise64
      jeq #0xfc, L453         ; exit_group
      jeq #0xfe, L453         ; epoll_create
      jeq #0xff, L453         ; epoll_ctl
      jeq #0x100, L453        ; epoll_wait
      jeq #0x102, L453        ; set_tid_address
      jeq #0x109, L453        ; clock_gettime
      jeq #0x10a, L453        ; clock_getres
      jeq #0x10b, L453        ; clock_nanosleep
      jeq #0x10c, L453        ; statfs64
      jeq #0x10d, L453        ; fstatfs64
      jeq #0x10e, L453        ; tgkill
      jeq #0x110, L453        ; fadvise64_64
      jeq #0x11c, L453        ; waitid
      jeq #0x12c, L453        ; fstatat64
      jeq #0x131, L453        ; readlinkat
      jeq #0x133, L453        ; faccessat
      jeq #0x134, L453        ; pselect6
      jeq #0x135, L453        ; ppoll
      jeq #0x137, L453        ; set_robust_list
      jeq #0x138, L453        ; get_robust_list
      jeq #0x13a, L453        ; sync_file_range
      jeq #0x13f, L453        ; epoll_pwait
      jeq #0x141, L453        ; signalfd
      jeq #0x143, L453        ; eventfd
      jeq #0x144, L453        ; fallocate
      jeq #0x147, L453        ; signalfd4
      jeq #0x148, L453        ; eventfd2
      jeq #0x149, L453        ; epoll_create1
      jeq #0x14a, L453        ; dup3
      jeq #0x14b, L453        ; pipe2
      jeq #0x14d, L453        ; preadv
      jeq #0x14e, L453        ; pwritev
      jeq #0x154, L453        ; prlimit64
      jeq #0x158, L453        ; syncfs
      jeq #0x163, L453        ; getrandom
      jeq #0x166, L453        ; execveat
      jeq #0x177, L453        ; membarrier
      jeq #0x17a, L453        ; preadv2
      jeq #0x17b, L453        ; pwritev2
      jeq #0x17f, L453        ; statx
      jeq #0x180, L453        ; arch_prctl
      jeq #0x182, L453        ; rseq
      jeq #0x18b, L453        ; shmget
      jeq #0x18e, L453        ; shmdt
      jeq #0x193, L453        ; clock_gettime64
      jne #0x5, L429          ; open
L426: ld [24]                 ; args[1] (low word)
      and #0x3
      jeq #0x0, L453, L452
L429: jne #0x127, L433        ; openat
L430: ld [32]                 ; args[2] (low word)
      and #0x3
      jeq #0x0, L453, L452
L433: jne #0x18c, L436        ; shmctl
L434: ld [24]                 ; args[1] (low word)
      jeq #0x2, L453, L452
L436: jeq #0x18d, L450        ; shmat
      jne #0x36, L441         ; ioctl
L438: ld [24]                 ; args[1] (low word)
      jeq #0x5413, L453
      jeq #0x5401, L453, L452
L441: jne #0x75, L452         ; ipc
      ld [16]                 ; args[0] (low word)
      jne #0x18, L446
      ld [24]                 ; args[1] (low word)
      jeq #0x2, L453
L446: ld [16]                 ; args[0] (low word)
      jeq #0x17, L453
      jeq #0x16, L453
      jne #0x15, L452
L450: ld [32]                 ; args[2] (low word)
      jeq #0x1000, L453
L452: ret #0x50026            ; ERRNO(38)
L453: ret #0x7fff0000         ; ALLOW
L454: ret #0x0                ; KILL_THREAD
