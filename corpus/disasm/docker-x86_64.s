      ld [4]                  ; arch
      jeq #0xc000003e, L3     ; x86_64
      jmp L598
L3:   ld [0]                  ; nr
      jeq #0x0, L187          ; read
      jeq #0x1, L187          ; write
      jeq #0x2, L187          ; open
      jeq #0x3, L187          ; close
      jeq #0x4, L187          ; stat
      jeq #0x5, L187          ; fstat
      jeq #0x6, L187          ; lstat
      jeq #0x7, L187          ; poll
      jeq #0x8, L187          ; lseek
      jeq #0x9, L187          ; mmap
      jeq #0xa, L187          ; mprotect
      jeq #0xb, L187          ; munmap
      jeq #0xc, L187          ; brk
      jeq #0xd, L187          ; rt_sigaction
      jeq #0xe, L187          ; rt_sigprocmask
      jeq #0xf, L187          ; rt_sigreturn
      jeq #0x10, L187         ; ioctl
      jeq #0x11, L187         ; pread64
      jeq #0x12, L187         ; pwrite64
      jeq #0x13, L187         ; readv
      jeq #0x14, L187         ; writev
      jeq #0x15, L187         ; access
      jeq #0x16, L187         ; pipe
      jeq #0x17, L187         ; select
      jeq #0x18, L187         ; sched_yield
      jeq #0x19, L187         ; mremap
      jeq #0x1a, L187         ; msync
      jeq #0x1b, L187         ; mincore
      jeq #0x1c, L187         ; madvise
      jeq #0x1d, L187         ; shmget
      jeq #0x1e, L187         ; shmat
      jeq #0x1f, L187         ; shmctl
      jeq #0x20, L187         ; dup
      jeq #0x21, L187         ; dup2
      jeq #0x22, L187         ; pause
      jeq #0x23, L187         ; nanosleep
      jeq #0x24, L187         ; getitimer
      jeq #0x25, L187         ; alarm
      jeq #0x26, L187         ; setitimer
      jeq #0x27, L187         ; getpid
      jeq #0x28, L187         ; sendfile
      jeq #0x29, L187         ; socket
      jeq #0x2a, L187         ; connect
      jeq #0x2b, L187         ; accept
      jeq #0x2c, L187         ; sendto
      jeq #0x2d, L187         ; recvfrom
      jeq #0x2e, L187         ; sendmsg
      jeq #0x2f, L187         ; recvmsg
      jeq #0x30, L187         ; shutdown
      jeq #0x31, L187         ; bind
      jeq #0x32, L187         ; listen
      jeq #0x33, L187         ; getsockname
      jeq #0x34, L187         ; getpeername
      jeq #0x35, L187         ; socketpair
      jeq #0x36, L187         ; setsockopt
      jeq #0x37, L187         ; getsockopt
      jeq #0x39, L187         ; fork
      jeq #0x3a, L187         ; vfork
      jeq #0x3b, L187         ; execve
      jeq #0x3c, L187         ; exit
      jeq #0x3d, L187         ; wait4
      jeq #0x3e, L187         ; kill
      jeq #0x3f, L187         ; uname
      jeq #0x40, L187         ; semget
      jeq #0x41, L187         ; semop
      jeq #0x42, L187         ; semctl
      jeq #0x43, L187         ; shmdt
      jeq #0x44, L187         ; msgget
      jeq #0x45, L187         ; msgsnd
      jeq #0x46, L187         ; msgrcv
      jeq #0x47, L187         ; msgctl
      jeq #0x48, L187         ; fcntl
      jeq #0x49, L187         ; flock
      jeq #0x4a, L187         ; fsync
      jeq #0x4b, L187         ; fdatasync
      jeq #0x4c, L187         ; truncate
      jeq #0x4d, L187         ; ftruncate
      jeq #0x4e, L187         ; getdents
      jeq #0x4f, L187         ; getcwd
      jeq #0x50, L187         ; chdir
      jeq #0x51, L187         ; fchdir
      jeq #0x52, L187         ; rename
      jeq #0x53, L187         ; mkdir
      jeq #0x54, L187         ; rmdir
      jeq #0x55, L187         ; creat
      jeq #0x56, L187         ; link
      jeq #0x57, L187         ; unlink
      jeq #0x58, L187         ; symlink
      jeq #0x59, L187         ; readlink
      jeq #0x5a, L187         ; chmod
      jeq #0x5b, L187         ; fchmod
      jeq #0x5c, L187         ; chown
      jeq #0x5d, L187         ; fchown
      jeq #0x5e, L187         ; lchown
      jeq #0x5f, L187         ; umask
      jeq #0x60, L187         ; gettimeofday
      jeq #0x61, L187         ; getrlimit
      jeq #0x62, L187         ; getrusage
      jeq #0x63, L187         ; sysinfo
      jeq #0x64, L187         ; times
      jeq #0x65, L187         ; ptrace
      jeq #0x66, L187         ; getuid
      jeq #0x68, L187         ; getgid
      jeq #0x69, L187         ; setuid
      jeq #0x6a, L187         ; setgid
      jeq #0x6b, L187         ; geteuid
      jeq #0x6c, L187         ; getegid
      jeq #0x6d, L187         ; setpgid
      jeq #0x6e, L187         ; getppid
      jeq #0x6f, L187         ; getpgrp
      jeq #0x70, L187         ; setsid
      jeq #0x71, L187         ; setreuid
      jeq #0x72, L187         ; setregid
      jeq #0x73, L187         ; getgroups
      jeq #0x74, L187         ; setgroups
      jeq #0x75, L187         ; setresuid
      jeq #0x76, L187         ; getresuid
      jeq #0x77, L187         ; setresgid
      jeq #0x78, L187         ; getresgid
      jeq #0x79, L187         ; getpgid
      jeq #0x7a, L187         ; setfsuid
      jeq #0x7b, L187         ; setfsgid
      jeq #0x7c, L187         ; getsid
      jeq #0x7d, L187         ; capget
      jeq #0x7e, L187         ; capset
      jeq #0x7f, L187         ; rt_sigpending
      jeq #0x80, L187         ; rt_sigtimedwait
      jeq #0x81, L187         ; rt_sigqueueinfo
      jeq #0x82, L187         ; rt_sigsuspend
      jeq #0x83, L187         ; sigaltstack
      jeq #0x84, L187         ; utime
      jeq #0x85, L187         ; mknod
      jeq #0x89, L187         ; statfs
      jeq #0x8a, L187         ; fstatfs
      jeq #0x8c, L187         ; getpriority
      jeq #0x8d, L187         ; setpriority
      jeq #0x8e, L187         ; sched_setparam
      jeq #0x8f, L187         ; sched_getparam
      jeq #0x90, L187         ; sched_setscheduler
      jeq #0x91, L187         ; sched_getscheduler
      jeq #0x92, L187         ; sched_get_priority_max
      jeq #0x93, L187         ; sched_get_priority_min
      jeq #0x94, L187         ; sched_rr_get_interval
      jeq #0x95, L187         ; mlock
      jeq #0x96, L187         ; munlock
      jeq #0x97, L187         ; mlockall
      jeq #0x98, L187         ; munlockall
      jeq #0x9a, L187         ; modify_ldt
      jeq #0x9d, L187         ; prctl
      jeq #0x9e, L187         ; arch_prctl
      jeq #0x9f, L187         ; adjtimex
      jeq #0xa0, L187         ; setrlimit
      jeq #0xa1, L187         ; chroot
      jeq #0xa2, L187         ; sync
      jeq #0xba, L187         ; gettid
      jeq #0xbb, L187         ; readahead
      jeq #0xbc, L187         ; setxattr
      jeq #0xbd, L187         ; lsetxattr
      jeq #0xbe, L187         ; fsetxattr
      jeq #0xbf, L187         ; getxattr
      jeq #0xc0, L187         ; lgetxattr
      jeq #0xc1, L187         ; fgetxattr
      jeq #0xc2, L187         ; listxattr
      jeq #0xc3, L187         ; llistxattr
      jeq #0xc4, L187         ; flistxattr
      jeq #0xc5, L187         ; removexattr
      jeq #0xc6, L187         ; lremovexattr
      jeq #0xc7, L187         ; fremovexattr
      jeq #0xc8, L187         ; tkill
      jeq #0xc9, L187         ; time
      jeq #0xca, L187         ; futex
      jeq #0xcb, L187         ; sched_setaffinity
      jeq #0xcc, L187         ; sched_getaffinity
      jeq #0xcd, L187         ; set_thread_area
      jeq #0xce, L187         ; io_setup
      jeq #0xcf, L187         ; io_destroy
      jeq #0xd0, L187         ; io_getevents
      jeq #0xd1, L187         ; io_submit
      jeq #0xd2, L187         ; io_cancel
      jeq #0xd3, L187         ; get_thread_area
      jeq #0xd5, L187         ; epoll_create
      jeq #0xd6, L187         ; epoll_ctl_old
      jne #0xd7, L188         ; epoll_wait_old
L187: ret #0x7fff0000         ; ALLOW
L188: jeq #0xd8, L444         ; remap_file_pages
      jeq #0xd9, L444         ; getdents64
      jeq #0xda, L444         ; set_tid_address
      jeq #0xdb, L444         ; restart_syscall
      jeq #0xdc, L444         ; semtimedop
      jeq #0xdd, L444         ; fadvise64
      jeq #0xde, L444         ; timer_create
      jeq #0xdf, L444         ; timer_settime
      jeq #0xe0, L444         ; timer_gettime
      jeq #0xe1, L444         ; timer_getoverrun
      jeq #0xe2, L444         ; timer_delete
      jeq #0xe4, L444         ; clock_gettime
      jeq #0xe5, L444         ; clock_getres
      jeq #0xe6, L444         ; clock_nanosleep
      jeq #0xe7, L444         ; exit_group
      jeq #0xe8, L444         ; epoll_wait
      jeq #0xe9, L444         ; epoll_ctl
      jeq #0xea, L444         ; tgkill
      jeq #0xeb, L444         ; utimes
      jeq #0xf0, L444         ; mq_open
      jeq #0xf1, L444         ; mq_unlink
      jeq #0xf2, L444         ; mq_timedsend
      jeq #0xf3, L444         ; mq_timedreceive
      jeq #0xf4, L444         ; mq_notify
      jeq #0xf5, L444         ; mq_getsetattr
      jeq #0xf7, L444         ; waitid
      jeq #0xfb, L444         ; ioprio_set
      jeq #0xfc, L444         ; ioprio_get
      jeq #0xfd, L444         ; inotify_init
      jeq #0xfe, L444         ; inotify_add_watch
      jeq #0xff, L444         ; inotify_rm_watch
      jeq #0x101, L444        ; openat
      jeq #0x102, L444        ; mkdirat
      jeq #0x103, L444        ; mknodat
      jeq #0x104, L444        ; fchownat
      jeq #0x105, L444        ; futimesat
      jeq #0x106, L444        ; newfstatat
      jeq #0x107, L444        ; unlinkat
      jeq #0x108, L444        ; renameat
      jeq #0x109, L444        ; linkat
      jeq #0x10a, L444        ; symlinkat
      jeq #0x10b, L444        ; readlinkat
      jeq #0x10c, L444        ; fchmodat
      jeq #0x10d, L444        ; faccessat
      jeq #0x10e, L444        ; pselect6
      jeq #0x10f, L444        ; ppoll
      jeq #0x111, L444        ; set_robust_list
      jeq #0x112, L444        ; get_robust_list
      jeq #0x113, L444        ; splice
      jeq #0x114, L444        ; tee
      jeq #0x115, L444        ; sync_file_range
      jeq #0x116, L444        ; vmsplice
      jeq #0x118, L444        ; utimensat
      jeq #0x119, L444        ; epoll_pwait
      jeq #0x11a, L444        ; signalfd
      jeq #0x11b, L444        ; timerfd_create
      jeq #0x11c, L444        ; eventfd
      jeq #0x11d, L444        ; fallocate
      jeq #0x11e, L444        ; timerfd_settime
      jeq #0x11f, L444        ; timerfd_gettime
      jeq #0x120, L444        ; accept4
      jeq #0x121, L444        ; signalfd4
      jeq #0x122, L444        ; eventfd2
      jeq #0x123, L444        ; epoll_create1
      jeq #0x124, L444        ; dup3
      jeq #0x125, L444        ; pipe2
      jeq #0x126, L444        ; inotify_init1
      jeq #0x127, L444        ; preadv
      jeq #0x128, L444        ; pwritev
      jeq #0x129, L444        ; rt_tgsigqueueinfo
      jeq #0x12b, L444        ; recvmmsg
      jeq #0x12d, L444        ; fanotify_mark
      jeq #0x12e, L444        ; prlimit64
      jeq #0x131, L444        ; clock_adjtime
      jeq #0x132, L444        ; syncfs
      jeq #0x133, L444        ; sendmmsg
      jeq #0x135, L444        ; getcpu
      jeq #0x13a, L444        ; sched_setattr
      jeq #0x13b, L444        ; sched_getattr
      jeq #0x13c, L444        ; renameat2
      jeq #0x13d, L444        ; seccomp
      jeq #0x13e, L444        ; getrandom
      jeq #0x13f, L444        ; memfd_create
      jeq #0x142, L444        ; execveat
      jeq #0x144, L444        ; membarrier
      jeq #0x145, L444        ; mlock2
      jeq #0x146, L444        ; copy_file_range
      jeq #0x147, L444        ; preadv2
      jeq #0x148, L444        ; pwritev2
      jeq #0x14c, L444        ; statx
      jeq #0x14d, L444        ; io_pgetevents
      jeq #0x14e, L444        ; rseq
      jeq #0x1a8, L444        ; pidfd_send_signal
      jeq #0x1a9, L444        ; io_uring_setup
      jeq #0x1aa, L444        ; io_uring_enter
      jeq #0x1ab, L444        ; io_uring_register
      jeq #0x1b2, L444        ; pidfd_open
      jne #0x1b3, L287        ; clone3
      ret #0x50026            ; ERRNO(38)
L287: jeq #0x1b4, L444        ; close_range
      jeq #0x1b5, L444        ; openat2
      jeq #0x1b7, L444        ; faccessat2
      jeq #0x1b9, L444        ; epoll_pwait2
      jeq #0x1bc, L444        ; landlock_create_ruleset
      jeq #0x1bd, L444        ; landlock_add_rule
      jeq #0x1be, L444        ; landlock_restrict_self
      jeq #0x1bf, L444        ; memfd_secret
      jeq #0x1c0, L444        ; process_mrelease
      jeq #0x1c1, L444        ; futex_waitv
      jeq #0x40000000, L444
      jeq #0x40000001, L444
      jeq #0x40000002, L444
      jeq #0x40000003, L444
      jeq #0x40000004, L444
      jeq #0x40000005, L444
      jeq #0x40000006, L444
      jeq #0x40000007, L444
      jeq #0x40000008, L444
      jeq #0x40000009, L444
      jeq #0x4000000a, L444
      jeq #0x4000000b, L444
      jeq #0x4000000c, L444
      jeq #0x4000000e, L444
      jeq #0x40000011, L444
      jeq #0x40000012, L444
      jeq #0x40000015, L444
      jeq #0x40000016, L444
      jeq #0x40000017, L444
      jeq #0x40000018, L444
      jeq #0x40000019, L444
      jeq #0x4000001a, L444
      jeq #0x4000001b, L444
      jeq #0x4000001c, L444
      jeq #0x4000001d, L444
      jeq #0x4000001e, L444
      jeq #0x4000001f, L444
      jeq #0x40000020, L444
      jeq #0x40000021, L444
      jeq #0x40000022, L444
      jeq #0x40000023, L444
      jeq #0x40000024, L444
      jeq #0x40000025, L444
      jeq #0x40000026, L444
      jeq #0x40000027, L444
      jeq #0x40000028, L444
      jeq #0x40000029, L444
      jeq #0x4000002a, L444
      jeq #0x4000002b, L444
      jeq #0x4000002c, L444
      jeq #0x40000030, L444
      jeq #0x40000031, L444
      jeq #0x40000032, L444
      jeq #0x40000033, L444
      jeq #0x40000034, L444
      jeq #0x40000035, L444
      jeq #0x40000039, L444
      jeq #0x4000003a, L444
      jeq #0x4000003c, L444
      jeq #0x4000003d, L444
      jeq #0x4000003e, L444
      jeq #0x4000003f, L444
      jeq #0x40000040, L444
      jeq #0x40000041, L444
      jeq #0x40000042, L444
      jeq #0x40000043, L444
      jeq #0x40000044, L444
      jeq #0x40000045, L444
      jeq #0x40000046, L444
      jeq #0x40000047, L444
      jeq #0x40000048, L444
      jeq #0x40000049, L444
      jeq #0x4000004a, L444
      jeq #0x4000004b, L444
      jeq #0x4000004c, L444
      jeq #0x4000004d, L444
      jeq #0x4000004e, L444
      jeq #0x4000004f, L444
      jeq #0x40000050, L444
      jeq #0x40000051, L444
      jeq #0x40000052, L444
      jeq #0x40000053, L444
      jeq #0x40000054, L444
      jeq #0x40000055, L444
      jeq #0x40000056, L444
      jeq #0x40000057, L444
      jeq #0x40000058, L444
      jeq #0x40000059, L444
      jeq #0x4000005a, L444
      jeq #0x4000005b, L444
      jeq #0x4000005c, L444
      jeq #0x4000005d, L444
      jeq #0x4000005e, L444
      jeq #0x4000005f, L444
      jeq #0x40000060, L444
      jeq #0x40000061, L444
      jeq #0x40000062, L444
      jeq #0x40000063, L444
      jeq #0x40000064, L444
      jeq #0x40000066, L444
      jeq #0x40000068, L444
      jeq #0x40000069, L444
      jeq #0x4000006a, L444
      jeq #0x4000006b, L444
      jeq #0x4000006c, L444
      jeq #0x4000006d, L444
      jeq #0x4000006e, L444
      jeq #0x4000006f, L444
      jeq #0x40000070, L444
      jeq #0x40000071, L444
      jeq #0x40000072, L444
      jeq #0x40000073, L444
      jeq #0x40000074, L444
      jeq #0x40000075, L444
      jeq #0x40000076, L444
      jeq #0x40000077, L444
      jeq #0x40000078, L444
      jeq #0x40000079, L444
      jeq #0x4000007a, L444
      jeq #0x4000007b, L444
      jeq #0x4000007c, L444
      jeq #0x4000007d, L444
      jeq #0x4000007e, L444
      jeq #0x40000082, L444
      jeq #0x40000084, L444
      jeq #0x40000085, L444
      jeq #0x40000089, L444
      jeq #0x4000008a, L444
      jeq #0x4000008c, L444
      jeq #0x4000008d, L444
      jeq #0x4000008e, L444
      jeq #0x4000008f, L444
      jeq #0x40000090, L444
      jeq #0x40000091, L444
      jeq #0x40000092, L444
      jeq #0x40000093, L444
      jeq #0x40000094, L444
      jeq #0x40000095, L444
      jeq #0x40000096, L444
      jeq #0x40000097, L444
      jeq #0x40000098, L444
      jeq #0x4000009a, L444
      jeq #0x4000009d, L444
      jeq #0x4000009e, L444
      jeq #0x4000009f, L444
      jeq #0x400000a0, L444
      jeq #0x400000a1, L444
      jeq #0x400000a2, L444
      jeq #0x400000ba, L444
      jeq #0x400000bb, L444
      jeq #0x400000bc, L444
      jeq #0x400000bd, L444
      jeq #0x400000be, L444
      jeq #0x400000bf, L444
      jeq #0x400000c0, L444
      jeq #0x400000c1, L444
      jne #0x400000c2, L445
L444: ret #0x7fff0000         ; ALLOW
L445: jeq #0x400000c3, L701
      jeq #0x400000c4, L701
      jeq #0x400000c5, L701
      jeq #0x400000c6, L701
      jeq #0x400000c7, L701
      jeq #0x400000c8, L701
      jeq #0x400000c9, L701
      jeq #0x400000ca, L701
      jeq #0x400000cb, L701
      jeq #0x400000cc, L701
      jeq #0x400000cf, L701
      jeq #0x400000d0, L701
      jeq #0x400000d2, L701
      jeq #0x400000d5, L701
      jeq #0x400000d8, L701
      jeq #0x400000d9, L701
      jeq #0x400000da, L701
      jeq #0x400000db, L701
      jeq #0x400000dc, L701
      jeq #0x400000dd, L701
      jeq #0x400000df, L701
      jeq #0x400000e0, L701
      jeq #0x400000e1, L701
      jeq #0x400000e2, L701
      jeq #0x400000e4, L701
      jeq #0x400000e5, L701
      jeq #0x400000e6, L701
      jeq #0x400000e7, L701
      jeq #0x400000e8, L701
      jeq #0x400000e9, L701
      jeq #0x400000ea, L701
      jeq #0x400000eb, L701
      jeq #0x400000f0, L701
      jeq #0x400000f1, L701
      jeq #0x400000f2, L701
      jeq #0x400000f3, L701
      jeq #0x400000f5, L701
      jeq #0x400000fb, L701
      jeq #0x400000fc, L701
      jeq #0x400000fd, L701
      jeq #0x400000fe, L701
      jeq #0x400000ff, L701
      jeq #0x40000101, L701
      jeq #0x40000102, L701
      jeq #0x40000103, L701
      jeq #0x40000104, L701
      jeq #0x40000105, L701
      jeq #0x40000106, L701
      jeq #0x40000107, L701
      jeq #0x40000108, L701
      jeq #0x40000109, L701
      jeq #0x4000010a, L701
      jeq #0x4000010b, L701
      jeq #0x4000010c, L701
      jeq #0x4000010d, L701
      jeq #0x4000010e, L701
      jeq #0x4000010f, L701
      jeq #0x40000113, L701
      jeq #0x40000114, L701
      jeq #0x40000115, L701
      jeq #0x40000118, L701
      jeq #0x40000119, L701
      jeq #0x4000011a, L701
      jeq #0x4000011b, L701
      jeq #0x4000011c, L701
      jeq #0x4000011d, L701
      jeq #0x4000011e, L701
      jeq #0x4000011f, L701
      jeq #0x40000120, L701
      jeq #0x40000121, L701
      jeq #0x40000122, L701
      jeq #0x40000123, L701
      jeq #0x40000124, L701
      jeq #0x40000125, L701
      jeq #0x40000126, L701
      jeq #0x4000012d, L701
      jeq #0x4000012e, L701
      jeq #0x40000131, L701
      jeq #0x40000132, L701
      jeq #0x40000135, L701
      jeq #0x4000013a, L701
      jeq #0x4000013b, L701
      jeq #0x4000013c, L701
      jeq #0x4000013d, L701
      jeq #0x4000013e, L701
      jeq #0x4000013f, L701
      jeq #0x40000144, L701
      jeq #0x40000145, L701
      jeq #0x40000146, L701
      jeq #0x4000014c, L701
      jeq #0x4000014d, L701
      jeq #0x4000014e, L701
      jeq #0x400001a8, L701
      jeq #0x400001a9, L701
      jeq #0x400001aa, L701
      jeq #0x400001ab, L701
      jeq #0x400001b2, L701
      jne #0x400001b3, L544
      ret #0x50026            ; ERRNO(38)
L544: jeq #0x400001b4, L701
      jeq #0x400001b5, L701
      jeq #0x400001b7, L701
      jeq #0x400001b9, L701
      jeq #0x400001bc, L701
      jeq #0x400001bd, L701
      jeq #0x400001be, L701
      jeq #0x400001bf, L701
      jeq #0x400001c0, L701
      jeq #0x400001c1, L701
      jeq #0x40000200, L701
      jeq #0x40000201, L701
      jeq #0x40000202, L701
      jeq #0x40000203, L701
      jeq #0x40000204, L701
      jeq #0x40000205, L701
      jeq #0x40000206, L701
      jeq #0x40000207, L701
      jeq #0x40000208, L701
      jeq #0x40000209, L701
      jeq #0x4000020a, L701
      jeq #0x4000020b, L701
      jeq #0x4000020c, L701
      jeq #0x4000020d, L701
      jeq #0x4000020e, L701
      jeq #0x4000020f, L701
      jeq #0x40000211, L701
      jeq #0x40000212, L701
      jeq #0x40000213, L701
      jeq #0x40000214, L701
      jeq #0x40000216, L701
      jeq #0x40000217, L701
      jeq #0x40000218, L701
      jeq #0x40000219, L701
      jeq #0x4000021a, L701
      jeq #0x4000021d, L701
      jeq #0x4000021e, L701
      jeq #0x4000021f, L701
      jeq #0x40000220, L701
      jeq #0x40000221, L701
      jeq #0x40000222, L701
      jeq #0x40000223, L701
      jeq #0x40000038, L591
      jne #0x38, L592         ; clone
      ld [20]                 ; args[0] (high word)
      and #0x0
      jne #0x0, L596
L591: jmp L947
L592: jeq #0x40000087, L597
      jne #0x87, L596         ; personality
      ld [20]                 ; args[0] (high word)
      jeq #0x0, L597
L596: ret #0x50001            ; ERRNO(1)
L597: jmp L951
L598: jeq #0x40000003, L600   ; x86
      ret #0x0                ; KILL_THREAD
L600: ld [0]                  ; nr
      jeq #0x0, L701          ; restart_syscall
      jeq #0x1, L701          ; exit
      jeq #0x2, L701          ; fork
      jeq #0x3, L701          ; read
      jeq #0x4, L701          ; write
      jeq #0x5, L701          ; open
      jeq #0x6, L701          ; close
      jeq #0x7, L701          ; waitpid
      jeq #0x8, L701          ; creat
      jeq #0x9, L701          ; link
      jeq #0xa, L701          ; unlink
      jeq #0xb, L701          ; execve
      jeq #0xc, L701          ; chdir
      jeq #0xd, L701          ; time
      jeq #0xe, L701          ; mknod
      jeq #0xf, L701          ; chmod
      jeq #0x10, L701         ; lchown
      jeq #0x13, L701         ; lseek
      jeq #0x14, L701         ; getpid
      jeq #0x17, L701         ; setuid
      jeq #0x18, L701         ; getuid
      jeq #0x1a, L701         ; ptrace
      jeq #0x1b, L701         ; alarm
      jeq #0x1d, L701         ; pause
      jeq #0x1e, L701         ; utime
      jeq #0x21, L701         ; access
      jeq #0x24, L701         ; sync
      jeq #0x25, L701         ; kill
      jeq #0x26, L701         ; rename
      jeq #0x27, L701         ; mkdir
      jeq #0x28, L701         ; rmdir
      jeq #0x29, L701         ; dup
      jeq #0x2a, L701         ; pipe
      jeq #0x2b, L701         ; times
      jeq #0x2d, L701         ; brk
      jeq #0x2e, L701         ; setgid
      jeq #0x2f, L701         ; getgid
      jeq #0x31, L701         ; geteuid
      jeq #0x32, L701         ; getegid
      jeq #0x36, L701         ; ioctl
      jeq #0x37, L701         ; fcntl
      jeq #0x39, L701         ; setpgid
      jeq #0x3c, L701         ; umask
      jeq #0x3d, L701         ; chroot
      jeq #0x3f, L701         ; dup2
      jeq #0x40, L701         ; getppid
      jeq #0x41, L701         ; getpgrp
      jeq #0x42, L701         ; setsid
      jeq #0x46, L701         ; setreuid
      jeq #0x47, L701         ; setregid
      jeq #0x4b, L701         ; setrlimit
      jeq #0x4c, L701         ; getrlimit
      jeq #0x4d, L701         ; getrusage
      jeq #0x4e, L701         ; gettimeofday
      jeq #0x50, L701         ; getgroups
      jeq #0x51, L701         ; setgroups
      jeq #0x52, L701         ; select
      jeq #0x53, L701         ; symlink
      jeq #0x55, L701         ; readlink
      jeq #0x5a, L701         ; mmap
      jeq #0x5b, L701         ; munmap
      jeq #0x5c, L701         ; truncate
      jeq #0x5d, L701         ; ftruncate
      jeq #0x5e, L701         ; fchmod
      jeq #0x5f, L701         ; fchown
      jeq #0x60, L701         ; getpriority
      jeq #0x61, L701         ; setpriority
      jeq #0x63, L701         ; statfs
      jeq #0x64, L701         ; fstatfs
      jeq #0x66, L701         ; socketcall
      jeq #0x68, L701         ; setitimer
      jeq #0x69, L701         ; getitimer
      jeq #0x6a, L701         ; stat
      jeq #0x6b, L701         ; lstat
      jeq #0x6c, L701         ; fstat
      jeq #0x72, L701         ; wait4
      jeq #0x74, L701         ; sysinfo
      jeq #0x75, L701         ; ipc
      jeq #0x76, L701         ; fsync
      jeq #0x77, L701         ; sigreturn
      jeq #0x7a, L701         ; uname
      jeq #0x7b, L701         ; modify_ldt
      jeq #0x7c, L701         ; adjtimex
      jeq #0x7d, L701         ; mprotect
      jeq #0x7e, L701         ; sigprocmask
      jeq #0x84, L701         ; getpgid
      jeq #0x85, L701         ; fchdir
      jeq #0x8a, L701         ; setfsuid
      jeq #0x8b, L701         ; setfsgid
      jeq #0x8c, L701         ; _llseek
      jeq #0x8d, L701         ; getdents
      jeq #0x8e, L701         ; _newselect
      jeq #0x8f, L701         ; flock
      jeq #0x90, L701         ; msync
      jeq #0x91, L701         ; readv
      jeq #0x92, L701         ; writev
      jeq #0x93, L701         ; getsid
      jeq #0x94, L701         ; fdatasync
      jeq #0x96, L701         ; mlock
      jne #0x97, L702         ; munlock
L701: ret #0x7fff0000         ; ALLOW
L702: jeq #0x98, L958         ; mlockall
      jeq #0x99, L958         ; munlockall
      jeq #0x9a, L958         ; sched_setparam
      jeq #0x9b, L958         ; sched_getparam
      jeq #0x9c, L958         ; sched_setscheduler
      jeq #0x9d, L958         ; sched_getscheduler
      jeq #0x9e, L958         ; sched_yield
      jeq #0x9f, L958         ; sched_get_priority_max
      jeq #0xa0, L958         ; sched_get_priority_min
      jeq #0xa1, L958         ; sched_rr_get_interval
      jeq #0xa2, L958         ; nanosleep
      jeq #0xa3, L958         ; mremap
      jeq #0xa4, L958         ; setresuid
      jeq #0xa5, L958         ; getresuid
      jeq #0xa8, L958         ; poll
      jeq #0xaa, L958         ; setresgid
      jeq #0xab, L958         ; getresgid
      jeq #0xac, L958         ; prctl
      jeq #0xad, L958         ; rt_sigreturn
      jeq #0xae, L958         ; rt_sigaction
      jeq #0xaf, L958         ; rt_sigprocmask
      jeq #0xb0, L958         ; rt_sigpending
      jeq #0xb1, L958         ; rt_sigtimedwait
      jeq #0xb2, L958         ; rt_sigqueueinfo
      jeq #0xb3, L958         ; rt_sigsuspend
      jeq #0xb4, L958         ; pread64
      jeq #0xb5, L958         ; pwrite64
      jeq #0xb6, L958         ; chown
      jeq #0xb7, L958         ; getcwd
      jeq #0xb8, L958         ; capget
      jeq #0xb9, L958         ; capset
      jeq #0xba, L958         ; sigaltstack
      jeq #0xbb, L958         ; sendfile
      jeq #0xbe, L958         ; vfork
      jeq #0xbf, L958         ; ugetrlimit
      jeq #0xc0, L958         ; mmap2
      jeq #0xc1, L958         ; truncate64
      jeq #0xc2, L958         ; ftruncate64
      jeq #0xc3, L958         ; stat64
      jeq #0xc4, L958         ; lstat64
      jeq #0xc5, L958         ; fstat64
      jeq #0xc6, L958         ; lchown32
      jeq #0xc7, L958         ; getuid32
      jeq #0xc8, L958         ; getgid32
      jeq #0xc9, L958         ; geteuid32
      jeq #0xca, L958         ; getegid32
      jeq #0xcb, L958         ; setreuid32
      jeq #0xcc, L958         ; setregid32
      jeq #0xcd, L958         ; getgroups32
      jeq #0xce, L958         ; setgroups32
      jeq #0xcf, L958         ; fchown32
      jeq #0xd0, L958         ; setresuid32
      jeq #0xd1, L958         ; getresuid32
      jeq #0xd2, L958         ; setresgid32
      jeq #0xd3, L958         ; getresgid32
      jeq #0xd4, L958         ; chown32
      jeq #0xd5, L958         ; setuid32
      jeq #0xd6, L958         ; setgid32
      jeq #0xd7, L958         ; setfsuid32
      jeq #0xd8, L958         ; setfsgid32
      jeq #0xda, L958         ; mincore
      jeq #0xdb, L958         ; madvise
      jeq #0xdc, L958         ; getdents64
      jeq #0xdd, L958         ; fcntl64
      jeq #0xe0, L958         ; gettid
      jeq #0xe1, L958         ; readahead
      jeq #0xe2, L958         ; setxattr
      jeq #0xe3, L958         ; lsetxattr
      jeq #0xe4, L958         ; fsetxattr
      jeq #0xe5, L958         ; getxattr
      jeq #0xe6, L958         ; lgetxattr
      jeq #0xe7, L958         ; fgetxattr
      jeq #0xe8, L958         ; listxattr
      jeq #0xe9, L958         ; llistxattr
      jeq #0xea, L958         ; flistxattr
      jeq #0xeb, L958         ; removexattr
      jeq #0xec, L958         ; lremovexattr
      jeq #0xed, L958         ; fremovexattr
      jeq #0xee, L958         ; tkill
      jeq #0xef, L958         ; sendfile64
      jeq #0xf0, L958         ; futex
      jeq #0xf1, L958         ; sched_setaffinity
      jeq #0xf2, L958         ; sched_getaffinity
      jeq #0xf3, L958         ; set_thread_area
      jeq #0xf4, L958         ; get_thread_area
      jeq #0xf5, L958         ; io_setup
      jeq #0xf6, L958         ; io_destroy
      jeq #0xf7, L958         ; io_getevents
      jeq #0xf8, L958         ; io_submit
      jeq #0xf9, L958         ; io_cancel
      jeq #0xfa, L958         ; fadvise64
      jeq #0xfc, L958         ; exit_group
      jeq #0xfe, L958         ; epoll_create
      jeq #0xff, L958         ; epoll_ctl
      jeq #0x100, L958        ; epoll_wait
      jeq #0x101, L958        ; remap_file_pages
      jeq #0x102, L958        ; set_tid_address
      jeq #0x103, L958        ; timer_create
      jeq #0x104, L958        ; timer_settime
      jeq #0x105, L958        ; timer_gettime
      jeq #0x106, L958        ; timer_getoverrun
      jeq #0x107, L958        ; timer_delete
      jeq #0x109, L958        ; clock_gettime
      jeq #0x10a, L958        ; clock_getres
      jeq #0x10b, L958        ; clock_nanosleep
      jeq #0x10c, L958        ; statfs64
      jeq #0x10d, L958        ; fstatfs64
      jeq #0x10e, L958        ; tgkill
      jeq #0x10f, L958        ; utimes
      jeq #0x110, L958        ; fadvise64_64
      jeq #0x115, L958        ; mq_open
      jeq #0x116, L958        ; mq_unlink
      jeq #0x117, L958        ; mq_timedsend
      jeq #0x118, L958        ; mq_timedreceive
      jeq #0x119, L958        ; mq_notify
      jeq #0x11a, L958        ; mq_getsetattr
      jeq #0x11c, L958        ; waitid
      jeq #0x121, L958        ; ioprio_set
      jeq #0x122, L958        ; ioprio_get
      jeq #0x123, L958        ; inotify_init
      jeq #0x124, L958        ; inotify_add_watch
      jeq #0x125, L958        ; inotify_rm_watch
      jeq #0x127, L958        ; openat
      jeq #0x128, L958        ; mkdirat
      jeq #0x129, L958        ; mknodat
      jeq #0x12a, L958        ; fchownat
      jeq #0x12b, L958        ; futimesat
      jeq #0x12c, L958        ; fstatat64
      jeq #0x12d, L958        ; unlinkat
      jeq #0x12e, L958        ; renameat
      jeq #0x12f, L958        ; linkat
      jeq #0x130, L958        ; symlinkat
      jeq #0x131, L958        ; readlinkat
      jeq #0x132, L958        ; fchmodat
      jeq #0x133, L958        ; faccessat
      jeq #0x134, L958        ; pselect6
      jeq #0x135, L958        ; ppoll
      jeq #0x137, L958        ; set_robust_list
      jeq #0x138, L958        ; get_robust_list
      jeq #0x139, L958        ; splice
      jeq #0x13a, L958        ; sync_file_range
      jeq #0x13b, L958        ; tee
      jeq #0x13c, L958        ; vmsplice
      jeq #0x13e, L958        ; getcpu
      jeq #0x13f, L958        ; epoll_pwait
      jeq #0x140, L958        ; utimensat
      jeq #0x141, L958        ; signalfd
      jeq #0x142, L958        ; timerfd_create
      jeq #0x143, L958        ; eventfd
      jeq #0x144, L958        ; fallocate
      jeq #0x145, L958        ; timerfd_settime
      jeq #0x146, L958        ; timerfd_gettime
      jeq #0x147, L958        ; signalfd4
      jeq #0x148, L958        ; eventfd2
      jeq #0x149, L958        ; epoll_create1
      jeq #0x14a, L958        ; dup3
      jeq #0x14b, L958        ; pipe2
      jeq #0x14c, L958        ; inotify_init1
      jeq #0x14d, L958        ; preadv
      jeq #0x14e, L958        ; pwritev
      jeq #0x14f, L958        ; rt_tgsigqueueinfo
      jeq #0x151, L958        ; recvmmsg
      jeq #0x153, L958        ; fanotify_mark
      jeq #0x154, L958        ; prlimit64
      jeq #0x157, L958        ; clock_adjtime
      jeq #0x158, L958        ; syncfs
      jeq #0x159, L958        ; sendmmsg
      jeq #0x15f, L958        ; sched_setattr
      jeq #0x160, L958        ; sched_getattr
      jeq #0x161, L958        ; renameat2
      jeq #0x162, L958        ; seccomp
      jeq #0x163, L958        ; getrandom
      jeq #0x164, L958        ; memfd_create
      jeq #0x166, L958        ; execveat
      jeq #0x167, L958        ; socket
      jeq #0x168, L958        ; socketpair
      jeq #0x169, L958        ; bind
      jeq #0x16a, L958        ; connect
      jeq #0x16b, L958        ; listen
      jeq #0x16c, L958        ; accept4
      jeq #0x16d, L958        ; getsockopt
      jeq #0x16e, L958        ; setsockopt
      jeq #0x16f, L958        ; getsockname
      jeq #0x170, L958        ; getpeername
      jeq #0x171, L958        ; sendto
      jeq #0x172, L958        ; sendmsg
      jeq #0x173, L958        ; recvfrom
      jeq #0x174, L958        ; recvmsg
      jeq #0x175, L958        ; shutdown
      jeq #0x177, L958        ; membarrier
      jeq #0x178, L958        ; mlock2
      jeq #0x179, L958        ; copy_file_range
      jeq #0x17a, L958        ; preadv2
      jeq #0x17b, L958        ; pwritev2
      jeq #0x17f, L958        ; statx
      jeq #0x180, L958        ; arch_prctl
      jeq #0x181, L958        ; io_pgetevents
      jeq #0x182, L958        ; rseq
      jeq #0x189, L958        ; semget
      jeq #0x18a, L958        ; semctl
      jeq #0x18b, L958        ; shmget
      jeq #0x18c, L958        ; shmctl
      jeq #0x18d, L958        ; shmat
      jeq #0x18e, L958        ; shmdt
      jeq #0x18f, L958        ; msgget
      jeq #0x190, L958        ; msgsnd
      jeq #0x191, L958        ; msgrcv
      jeq #0x192, L958        ; msgctl
      jeq #0x193, L958        ; clock_gettime64
      jeq #0x195, L958        ; clock_adjtime64
      jeq #0x196, L958        ; clock_getres_time64
      jeq #0x197, L958        ; clock_nanosleep_time64
      jeq #0x198, L958        ; timer_gettime64
      jeq #0x199, L958        ; timer_settime64
      jeq #0x19a, L958        ; timerfd_gettime64
      jeq #0x19b, L958        ; timerfd_settime64
      jeq #0x19c, L958        ; utimensat_time64
      jeq #0x19d, L958        ; pselect6_time64
      jeq #0x19e, L958        ; ppoll_time64
      jeq #0x1a0, L958        ; io_pgetevents_time64
      jeq #0x1a1, L958        ; recvmmsg_time64
      jeq #0x1a2, L958        ; mq_timedsend_time64
      jeq #0x1a3, L958        ; mq_timedreceive_time64
      jeq #0x1a4, L958        ; semtimedop_time64
      jeq #0x1a5, L958        ; rt_sigtimedwait_time64
      jeq #0x1a6, L958        ; futex_time64
      jeq #0x1a7, L958        ; sched_rr_get_interval_time64
      jeq #0x1a8, L958        ; pidfd_send_signal
      jeq #0x1a9, L958        ; io_uring_setup
      jeq #0x1aa, L958        ; io_uring_enter
      jeq #0x1ab, L958        ; io_uring_register
      jeq #0x1b2, L958        ; pidfd_open
      jne #0x1b3, L936        ; clone3
      ret #0x50026            ; ERRNO(38)
L936: jeq #0x1b4, L958        ; close_range
      jeq #0x1b5, L958        ; openat2
      jeq #0x1b7, L958        ; faccessat2
      jeq #0x1b9, L958        ; epoll_pwait2
      jeq #0x1bc, L958        ; landlock_create_ruleset
      jeq #0x1bd, L958        ; landlock_add_rule
      jeq #0x1be, L958        ; landlock_restrict_self
      jeq #0x1bf, L958        ; memfd_secret
      jeq #0x1c0, L958        ; process_mrelease
      jeq #0x1c1, L958        ; futex_waitv
      jne #0x78, L950         ; clone
L947: ld [16]                 ; args[0] (low word)
      and #0x7e020000
      jeq #0x0, L958, L957
L950: jne #0x88, L957         ; personality
L951: ld [16]                 ; args[0] (low word)
      jeq #0xffffffff, L958
      jeq #0x20008, L958
      jeq #0x20000, L958
      jeq #0x8, L958
      jeq #0x0, L958
L957: ret #0x50001            ; ERRNO(1)
L958: ret #0x7fff0000         ; ALLOW
      ret #0x0                ; KILL_THREAD
