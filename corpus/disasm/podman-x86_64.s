       ld [4]                 ; arch
       jeq #0xc000003e, L3    ; x86_64
       jmp L708
L3:    ld [0]                 ; nr
       jeq #0x0, L114         ; read
       jeq #0x1, L114         ; write
       jeq #0x2, L114         ; open
       jeq #0x3, L114         ; close
       jeq #0x4, L114         ; stat
       jeq #0x5, L114         ; fstat
       jeq #0x6, L114         ; lstat
       jeq #0x7, L114         ; poll
       jeq #0x8, L114         ; lseek
       jeq #0x9, L114         ; mmap
       jeq #0xa, L114         ; mprotect
       jeq #0xb, L114         ; munmap
       jeq #0xc, L114         ; brk
       jeq #0xd, L114         ; rt_sigaction
       jeq #0xe, L114         ; rt_sigprocmask
       jeq #0xf, L114         ; rt_sigreturn
       jeq #0x10, L114        ; ioctl
       jeq #0x11, L114        ; pread64
       jeq #0x12, L114        ; pwrite64
       jeq #0x13, L114        ; readv
       jeq #0x14, L114        ; writev
       jeq #0x15, L114        ; access
       jeq #0x16, L114        ; pipe
       jeq #0x17, L114        ; select
       jeq #0x18, L114        ; sched_yield
       jeq #0x19, L114        ; mremap
       jeq #0x1a, L114        ; msync
       jeq #0x1b, L114        ; mincore
       jeq #0x1c, L114        ; madvise
       jeq #0x1d, L114        ; shmget
       jeq #0x1e, L114        ; shmat
       jeq #0x1f, L114        ; shmctl
       jeq #0x20, L114        ; dup
       jeq #0x21, L114        ; dup2
       jeq #0x22, L114        ; pause
       jeq #0x23, L114        ; nanosleep
       jeq #0x24, L114        ; getitimer
       jeq #0x25, L114        ; alarm
       jeq #0x26, L114        ; setitimer
       jeq #0x27, L114        ; getpid
       jeq #0x28, L114        ; sendfile
       jeq #0x2a, L114        ; connect
       jeq #0x2b, L114        ; accept
       jeq #0x2c, L114        ; sendto
       jeq #0x2d, L114        ; recvfrom
       jeq #0x2e, L114        ; sendmsg
       jeq #0x2f, L114        ; recvmsg
       jeq #0x30, L114        ; shutdown
       jeq #0x31, L114        ; bind
       jeq #0x32, L114        ; listen
       jeq #0x33, L114        ; getsockname
       jeq #0x34, L114        ; getpeername
       jeq #0x35, L114        ; socketpair
       jeq #0x36, L114        ; setsockopt
       jeq #0x37, L114        ; getsockopt
       jeq #0x38, L114        ; clone
       jeq #0x39, L114        ; fork
       jeq #0x3a, L114        ; vfork
       jeq #0x3b, L114        ; execve
       jeq #0x3c, L114        ; exit
       jeq #0x3d, L114        ; wait4
       jeq #0x3e, L114        ; kill
       jeq #0x3f, L114        ; uname
       jeq #0x40, L114        ; semget
       jeq #0x41, L114        ; semop
       jeq #0x42, L114        ; semctl
       jeq #0x43, L114        ; shmdt
       jeq #0x44, L114        ; msgget
       jeq #0x45, L114        ; msgsnd
       jeq #0x46, L114        ; msgrcv
       jeq #0x47, L114        ; msgctl
       jeq #0x48, L114        ; fcntl
       jeq #0x49, L114        ; flock
       jeq #0x4a, L114        ; fsync
       jeq #0x4b, L114        ; fdatasync
       jeq #0x4c, L114        ; truncate
       jeq #0x4d, L114        ; ftruncate
       jeq #0x4e, L114        ; getdents
       jeq #0x4f, L114        ; getcwd
       jeq #0x50, L114        ; chdir
       jeq #0x51, L114        ; fchdir
       jeq #0x52, L114        ; rename
       jeq #0x53, L114        ; mkdir
       jeq #0x54, L114        ; rmdir
       jeq #0x55, L114        ; creat
       jeq #0x56, L114        ; link
       jeq #0x57, L114        ; unlink
       jeq #0x58, L114        ; symlink
       jeq #0x59, L114        ; readlink
       jeq #0x5a, L114        ; chmod
       jeq #0x5b, L114        ; fchmod
       jeq #0x5c, L114        ; chown
       jeq #0x5d, L114        ; fchown
       jeq #0x5e, L114        ; lchown
       jeq #0x5f, L114        ; umask
       jeq #0x60, L114        ; gettimeofday
       jeq #0x61, L114        ; getrlimit
       jeq #0x62, L114        ; getrusage
       jeq #0x63, L114        ; sysinfo
       jeq #0x64, L114        ; times
       jeq #0x65, L114        ; ptrace
       jeq #0x66, L114        ; getuid
       jeq #0x67, L114        ; syslog
       jeq #0x68, L114        ; getgid
       jeq #0x69, L114        ; setuid
       jeq #0x6a, L114        ; setgid
       jeq #0x6b, L114        ; geteuid
       jeq #0x6c, L114        ; getegid
       jeq #0x6d, L114        ; setpgid
       jne #0x6e, L115        ; getppid
L114:  ret #0x7fff0000        ; ALLOW
L115:  jeq #0x6f, L371        ; getpgrp
       jeq #0x70, L371        ; setsid
       jeq #0x71, L371        ; setreuid
       jeq #0x72, L371        ; setregid
       jeq #0x73, L371        ; getgroups
       jeq #0x74, L371        ; setgroups
       jeq #0x75, L371        ; setresuid
       jeq #0x76, L371        ; getresuid
       jeq #0x77, L371        ; setresgid
       jeq #0x78, L371        ; getresgid
       jeq #0x79, L371        ; getpgid
       jeq #0x7a, L371        ; setfsuid
       jeq #0x7b, L371        ; setfsgid
       jeq #0x7c, L371        ; getsid
       jeq #0x7d, L371        ; capget
       jeq #0x7e, L371        ; capset
       jeq #0x7f, L371        ; rt_sigpending
       jeq #0x80, L371        ; rt_sigtimedwait
       jeq #0x81, L371        ; rt_sigqueueinfo
       jeq #0x82, L371        ; rt_sigsuspend
       jeq #0x83, L371        ; sigaltstack
       jeq #0x84, L371        ; utime
       jeq #0x85, L371        ; mknod
       jeq #0x86, L306        ; uselib
       jeq #0x88, L306        ; ustat
       jeq #0x89, L371        ; statfs
       jeq #0x8a, L371        ; fstatfs
       jeq #0x8b, L306        ; sysfs
       jeq #0x8c, L371        ; getpriority
       jeq #0x8d, L371        ; setpriority
       jeq #0x8e, L371        ; sched_setparam
       jeq #0x8f, L371        ; sched_getparam
       jeq #0x90, L371        ; sched_setscheduler
       jeq #0x91, L371        ; sched_getscheduler
       jeq #0x92, L371        ; sched_get_priority_max
       jeq #0x93, L371        ; sched_get_priority_min
       jeq #0x94, L371        ; sched_rr_get_interval
       jeq #0x95, L371        ; mlock
       jeq #0x96, L371        ; munlock
       jeq #0x97, L371        ; mlockall
       jeq #0x98, L371        ; munlockall
       jeq #0x99, L306        ; vhangup
       jeq #0x9a, L371        ; modify_ldt
       jeq #0x9b, L371        ; pivot_root
       jeq #0x9d, L371        ; prctl
       jeq #0x9e, L371        ; arch_prctl
       jeq #0x9f, L371        ; adjtimex
       jeq #0xa0, L371        ; setrlimit
       jeq #0xa1, L371        ; chroot
       jeq #0xa2, L371        ; sync
       jeq #0xa3, L306        ; acct
       jeq #0xa4, L306        ; settimeofday
       jeq #0xa5, L371        ; mount
       jeq #0xa6, L371        ; umount2
       jeq #0xa7, L306        ; swapon
       jeq #0xa8, L306        ; swapoff
       jeq #0xa9, L371        ; reboot
       jeq #0xaa, L306        ; sethostname
       jeq #0xab, L306        ; setdomainname
       jeq #0xac, L306        ; iopl
       jeq #0xad, L306        ; ioperm
       jeq #0xaf, L306        ; init_module
       jeq #0xb0, L306        ; delete_module
       jeq #0xb2, L306        ; query_module
       jeq #0xb3, L306        ; quotactl
       jeq #0xb4, L306        ; nfsservctl
       jeq #0xba, L371        ; gettid
       jeq #0xbb, L371        ; readahead
       jeq #0xbc, L371        ; setxattr
       jeq #0xbd, L371        ; lsetxattr
       jeq #0xbe, L371        ; fsetxattr
       jeq #0xbf, L371        ; getxattr
       jeq #0xc0, L371        ; lgetxattr
       jeq #0xc1, L371        ; fgetxattr
       jeq #0xc2, L371        ; listxattr
       jeq #0xc3, L371        ; llistxattr
       jeq #0xc4, L371        ; flistxattr
       jeq #0xc5, L371        ; removexattr
       jeq #0xc6, L371        ; lremovexattr
       jeq #0xc7, L371        ; fremovexattr
       jeq #0xc8, L371        ; tkill
       jeq #0xc9, L371        ; time
       jeq #0xca, L371        ; futex
       jeq #0xcb, L371        ; sched_setaffinity
       jeq #0xcc, L371        ; sched_getaffinity
       jeq #0xcd, L371        ; set_thread_area
       jeq #0xce, L371        ; io_setup
       jeq #0xcf, L371        ; io_destroy
       jeq #0xd0, L371        ; io_getevents
       jeq #0xd1, L371        ; io_submit
       jeq #0xd2, L371        ; io_cancel
       jeq #0xd3, L371        ; get_thread_area
       jeq #0xd4, L306        ; lookup_dcookie
       jeq #0xd5, L371        ; epoll_create
       jeq #0xd6, L371        ; epoll_ctl_old
       jeq #0xd7, L371        ; epoll_wait_old
       jeq #0xd8, L371        ; remap_file_pages
       jeq #0xd9, L371        ; getdents64
       jeq #0xda, L371        ; set_tid_address
       jeq #0xdb, L371        ; restart_syscall
       jeq #0xdc, L371        ; semtimedop
       jeq #0xdd, L371        ; fadvise64
       jeq #0xde, L371        ; timer_create
       jeq #0xdf, L371        ; timer_settime
       jeq #0xe0, L371        ; timer_gettime
       jeq #0xe1, L371        ; timer_getoverrun
       jeq #0xe2, L371        ; timer_delete
       jeq #0xe3, L306        ; clock_settime
       jeq #0xe4, L371        ; clock_gettime
       jeq #0xe5, L371        ; clock_getres
       jeq #0xe6, L371        ; clock_nanosleep
       jeq #0xe7, L371        ; exit_group
       jeq #0xe8, L371        ; epoll_wait
       jeq #0xe9, L371        ; epoll_ctl
       jeq #0xea, L371        ; tgkill
       jeq #0xeb, L371        ; utimes
       jeq #0xed, L371        ; mbind
       jeq #0xee, L371        ; set_mempolicy
       jeq #0xef, L371        ; get_mempolicy
       jeq #0xf0, L371        ; mq_open
       jeq #0xf1, L371        ; mq_unlink
       jeq #0xf2, L371        ; mq_timedsend
       jeq #0xf3, L371        ; mq_timedreceive
       jeq #0xf4, L371        ; mq_notify
       jeq #0xf5, L371        ; mq_getsetattr
       jeq #0xf6, L306        ; kexec_load
       jeq #0xf7, L371        ; waitid
       jeq #0xfa, L371        ; keyctl
       jeq #0xfb, L371        ; ioprio_set
       jeq #0xfc, L371        ; ioprio_get
       jeq #0xfd, L371        ; inotify_init
       jeq #0xfe, L371        ; inotify_add_watch
       jeq #0xff, L371        ; inotify_rm_watch
       jeq #0x100, L306       ; migrate_pages
       jeq #0x101, L371       ; openat
       jeq #0x102, L371       ; mkdirat
       jeq #0x103, L371       ; mknodat
       jeq #0x104, L371       ; fchownat
       jeq #0x105, L371       ; futimesat
       jeq #0x106, L371       ; newfstatat
       jeq #0x107, L371       ; unlinkat
       jeq #0x108, L371       ; renameat
       jeq #0x109, L371       ; linkat
       jeq #0x10a, L371       ; symlinkat
       jeq #0x10b, L371       ; readlinkat
       jeq #0x10c, L371       ; fchmodat
       jeq #0x10d, L371       ; faccessat
       jeq #0x10e, L371       ; pselect6
       jeq #0x10f, L371       ; ppoll
       jeq #0x110, L371       ; unshare
       jeq #0x111, L371       ; set_robust_list
       jeq #0x112, L371       ; get_robust_list
       jeq #0x113, L371       ; splice
       jeq #0x114, L371       ; tee
       jeq #0x115, L371       ; sync_file_range
       jeq #0x116, L306       ; vmsplice
       jeq #0x117, L306       ; move_pages
       jeq #0x118, L371       ; utimensat
       jeq #0x119, L371       ; epoll_pwait
       jeq #0x11a, L371       ; signalfd
       jeq #0x11b, L371       ; timerfd_create
       jeq #0x11c, L371       ; eventfd
       jeq #0x11d, L371       ; fallocate
       jeq #0x11e, L371       ; timerfd_settime
       jeq #0x11f, L371       ; timerfd_gettime
       jeq #0x120, L371       ; accept4
       jeq #0x121, L371       ; signalfd4
       jeq #0x122, L371       ; eventfd2
       jeq #0x123, L371       ; epoll_create1
       jeq #0x124, L371       ; dup3
       jeq #0x125, L371       ; pipe2
       jeq #0x126, L371       ; inotify_init1
       jeq #0x127, L371       ; preadv
       jeq #0x128, L371       ; pwritev
       jeq #0x129, L371       ; rt_tgsigqueueinfo
       jeq #0x12a, L306       ; perf_event_open
       jeq #0x12b, L371       ; recvmmsg
       jeq #0x12c, L306       ; fanotify_init
       jeq #0x12d, L371       ; fanotify_mark
       jeq #0x12e, L371       ; prlimit64
       jeq #0x12f, L371       ; name_to_handle_at
       jeq #0x130, L306       ; open_by_handle_at
       jeq #0x131, L371       ; clock_adjtime
       jeq #0x132, L371       ; syncfs
       jeq #0x133, L371       ; sendmmsg
       jeq #0x134, L371       ; setns
       jeq #0x135, L371       ; getcpu
       jeq #0x136, L371       ; process_vm_readv
       jeq #0x137, L371       ; process_vm_writev
       jeq #0x138, L306       ; kcmp
       jne #0x139, L307       ; finit_module
L306:  ret #0x50001           ; ERRNO(1)
L307:  jeq #0x13a, L371       ; sched_setattr
       jeq #0x13b, L371       ; sched_getattr
       jeq #0x13c, L371       ; renameat2
       jeq #0x13d, L371       ; seccomp
       jeq #0x13e, L371       ; getrandom
       jeq #0x13f, L371       ; memfd_create
       jeq #0x140, L565       ; kexec_file_load
       jeq #0x141, L565       ; bpf
       jeq #0x142, L371       ; execveat
       jeq #0x143, L565       ; userfaultfd
       jeq #0x144, L371       ; membarrier
       jeq #0x145, L371       ; mlock2
       jeq #0x146, L371       ; copy_file_range
       jeq #0x147, L371       ; preadv2
       jeq #0x148, L371       ; pwritev2
       jeq #0x149, L371       ; pkey_mprotect
       jeq #0x14a, L371       ; pkey_alloc
       jeq #0x14b, L371       ; pkey_free
       jeq #0x14c, L371       ; statx
       jeq #0x14d, L565       ; io_pgetevents
       jeq #0x14e, L371       ; rseq
       jeq #0x1a8, L371       ; pidfd_send_signal
       jeq #0x1ac, L371       ; open_tree
       jeq #0x1ad, L371       ; move_mount
       jeq #0x1ae, L371       ; fsopen
       jeq #0x1af, L371       ; fsconfig
       jeq #0x1b0, L371       ; fsmount
       jeq #0x1b1, L371       ; fspick
       jeq #0x1b2, L371       ; pidfd_open
       jeq #0x1b3, L371       ; clone3
       jeq #0x1b4, L371       ; close_range
       jeq #0x1b5, L371       ; openat2
       jeq #0x1b6, L371       ; pidfd_getfd
       jeq #0x1b7, L371       ; faccessat2
       jeq #0x1b8, L565       ; process_madvise
       jeq #0x1b9, L371       ; epoll_pwait2
       jeq #0x1ba, L371       ; mount_setattr
       jeq #0x1bc, L371       ; landlock_create_ruleset
       jeq #0x1bd, L371       ; landlock_add_rule
       jeq #0x1be, L371       ; landlock_restrict_self
       jeq #0x1bf, L371       ; memfd_secret
       jeq #0x1c0, L371       ; process_mrelease
       jeq #0x40000000, L371
       jeq #0x40000001, L371
       jeq #0x40000002, L371
       jeq #0x40000003, L371
       jeq #0x40000004, L371
       jeq #0x40000005, L371
       jeq #0x40000006, L371
       jeq #0x40000007, L371
       jeq #0x40000008, L371
       jeq #0x40000009, L371
       jeq #0x4000000a, L371
       jeq #0x4000000b, L371
       jeq #0x4000000c, L371
       jeq #0x4000000e, L371
       jeq #0x40000011, L371
       jeq #0x40000012, L371
       jeq #0x40000015, L371
       jeq #0x40000016, L371
       jeq #0x40000017, L371
       jeq #0x40000018, L371
       jeq #0x40000019, L371
       jne #0x4000001a, L372
L371:  ret #0x7fff0000        ; ALLOW
L372:  jeq #0x4000001b, L628
       jeq #0x4000001c, L628
       jeq #0x4000001d, L628
       jeq #0x4000001e, L628
       jeq #0x4000001f, L628
       jeq #0x40000020, L628
       jeq #0x40000021, L628
       jeq #0x40000022, L628
       jeq #0x40000023, L628
       jeq #0x40000024, L628
       jeq #0x40000025, L628
       jeq #0x40000026, L628
       jeq #0x40000027, L628
       jeq #0x40000028, L628
       jeq #0x4000002a, L628
       jeq #0x4000002b, L628
       jeq #0x4000002c, L628
       jeq #0x40000030, L628
       jeq #0x40000031, L628
       jeq #0x40000032, L628
       jeq #0x40000033, L628
       jeq #0x40000034, L628
       jeq #0x40000035, L628
       jeq #0x40000038, L628
       jeq #0x40000039, L628
       jeq #0x4000003a, L628
       jeq #0x4000003c, L628
       jeq #0x4000003d, L628
       jeq #0x4000003e, L628
       jeq #0x4000003f, L628
       jeq #0x40000040, L628
       jeq #0x40000041, L628
       jeq #0x40000042, L628
       jeq #0x40000043, L628
       jeq #0x40000044, L628
       jeq #0x40000045, L628
       jeq #0x40000046, L628
       jeq #0x40000047, L628
       jeq #0x40000048, L628
       jeq #0x40000049, L628
       jeq #0x4000004a, L628
       jeq #0x4000004b, L628
       jeq #0x4000004c, L628
       jeq #0x4000004d, L628
       jeq #0x4000004e, L628
       jeq #0x4000004f, L628
       jeq #0x40000050, L628
       jeq #0x40000051, L628
       jeq #0x40000052, L628
       jeq #0x40000053, L628
       jeq #0x40000054, L628
       jeq #0x40000055, L628
       jeq #0x40000056, L628
       jeq #0x40000057, L628
       jeq #0x40000058, L628
       jeq #0x40000059, L628
       jeq #0x4000005a, L628
       jeq #0x4000005b, L628
       jeq #0x4000005c, L628
       jeq #0x4000005d, L628
       jeq #0x4000005e, L628
       jeq #0x4000005f, L628
       jeq #0x40000060, L628
       jeq #0x40000061, L628
       jeq #0x40000062, L628
       jeq #0x40000063, L628
       jeq #0x40000064, L628
       jeq #0x40000066, L628
       jeq #0x40000067, L628
       jeq #0x40000068, L628
       jeq #0x40000069, L628
       jeq #0x4000006a, L628
       jeq #0x4000006b, L628
       jeq #0x4000006c, L628
       jeq #0x4000006d, L628
       jeq #0x4000006e, L628
       jeq #0x4000006f, L628
       jeq #0x40000070, L628
       jeq #0x40000071, L628
       jeq #0x40000072, L628
       jeq #0x40000073, L628
       jeq #0x40000074, L628
       jeq #0x40000075, L628
       jeq #0x40000076, L628
       jeq #0x40000077, L628
       jeq #0x40000078, L628
       jeq #0x40000079, L628
       jeq #0x4000007a, L628
       jeq #0x4000007b, L628
       jeq #0x4000007c, L628
       jeq #0x4000007d, L628
       jeq #0x4000007e, L628
       jeq #0x40000082, L628
       jeq #0x40000084, L628
       jeq #0x40000085, L628
       jeq #0x40000088, L565
       jeq #0x40000089, L628
       jeq #0x4000008a, L628
       jeq #0x4000008b, L565
       jeq #0x4000008c, L628
       jeq #0x4000008d, L628
       jeq #0x4000008e, L628
       jeq #0x4000008f, L628
       jeq #0x40000090, L628
       jeq #0x40000091, L628
       jeq #0x40000092, L628
       jeq #0x40000093, L628
       jeq #0x40000094, L628
       jeq #0x40000095, L628
       jeq #0x40000096, L628
       jeq #0x40000097, L628
       jeq #0x40000098, L628
       jeq #0x40000099, L565
       jeq #0x4000009a, L628
       jeq #0x4000009b, L628
       jeq #0x4000009d, L628
       jeq #0x4000009e, L628
       jeq #0x4000009f, L628
       jeq #0x400000a0, L628
       jeq #0x400000a1, L628
       jeq #0x400000a2, L628
       jeq #0x400000a3, L565
       jeq #0x400000a4, L565
       jeq #0x400000a5, L628
       jeq #0x400000a6, L628
       jeq #0x400000a7, L565
       jeq #0x400000a8, L565
       jeq #0x400000a9, L628
       jeq #0x400000aa, L565
       jeq #0x400000ab, L565
       jeq #0x400000ac, L565
       jeq #0x400000ad, L565
       jeq #0x400000af, L565
       jeq #0x400000b0, L565
       jeq #0x400000b3, L565
       jeq #0x400000ba, L628
       jeq #0x400000bb, L628
       jeq #0x400000bc, L628
       jeq #0x400000bd, L628
       jeq #0x400000be, L628
       jeq #0x400000bf, L628
       jeq #0x400000c0, L628
       jeq #0x400000c1, L628
       jeq #0x400000c2, L628
       jeq #0x400000c3, L628
       jeq #0x400000c4, L628
       jeq #0x400000c5, L628
       jeq #0x400000c6, L628
       jeq #0x400000c7, L628
       jeq #0x400000c8, L628
       jeq #0x400000c9, L628
       jeq #0x400000ca, L628
       jeq #0x400000cb, L628
       jeq #0x400000cc, L628
       jeq #0x400000cf, L628
       jeq #0x400000d0, L628
       jeq #0x400000d2, L628
       jeq #0x400000d4, L565
       jeq #0x400000d5, L628
       jeq #0x400000d8, L628
       jeq #0x400000d9, L628
       jeq #0x400000da, L628
       jeq #0x400000db, L628
       jeq #0x400000dc, L628
       jeq #0x400000dd, L628
       jeq #0x400000df, L628
       jeq #0x400000e0, L628
       jeq #0x400000e1, L628
       jeq #0x400000e2, L628
       jeq #0x400000e3, L565
       jeq #0x400000e4, L628
       jeq #0x400000e5, L628
       jeq #0x400000e6, L628
       jeq #0x400000e7, L628
       jeq #0x400000e8, L628
       jeq #0x400000e9, L628
       jeq #0x400000ea, L628
       jeq #0x400000eb, L628
       jeq #0x400000ed, L628
       jeq #0x400000ee, L628
       jeq #0x400000ef, L628
       jeq #0x400000f0, L628
       jeq #0x400000f1, L628
       jeq #0x400000f2, L628
       jeq #0x400000f3, L628
       jeq #0x400000f5, L628
       jeq #0x400000fa, L628
       jeq #0x400000fb, L628
       jeq #0x400000fc, L628
       jeq #0x400000fd, L628
       jeq #0x400000fe, L628
       jeq #0x400000ff, L628
       jne #0x40000100, L566
L565:  ret #0x50001           ; ERRNO(1)
L566:  jeq #0x40000101, L628
       jeq #0x40000102, L628
       jeq #0x40000103, L628
       jeq #0x40000104, L628
       jeq #0x40000105, L628
       jeq #0x40000106, L628
       jeq #0x40000107, L628
       jeq #0x40000108, L628
       jeq #0x40000109, L628
       jeq #0x4000010a, L628
       jeq #0x4000010b, L628
       jeq #0x4000010c, L628
       jeq #0x4000010d, L628
       jeq #0x4000010e, L628
       jeq #0x4000010f, L628
       jeq #0x40000110, L628
       jeq #0x40000113, L628
       jeq #0x40000114, L628
       jeq #0x40000115, L628
       jeq #0x40000118, L628
       jeq #0x40000119, L628
       jeq #0x4000011a, L628
       jeq #0x4000011b, L628
       jeq #0x4000011c, L628
       jeq #0x4000011d, L628
       jeq #0x4000011e, L628
       jeq #0x4000011f, L628
       jeq #0x40000120, L628
       jeq #0x40000121, L628
       jeq #0x40000122, L628
       jeq #0x40000123, L628
       jeq #0x40000124, L628
       jeq #0x40000125, L628
       jeq #0x40000126, L628
       jeq #0x4000012a, L835
       jeq #0x4000012c, L835
       jeq #0x4000012d, L628
       jeq #0x4000012e, L628
       jeq #0x4000012f, L628
       jeq #0x40000130, L835
       jeq #0x40000131, L628
       jeq #0x40000132, L628
       jeq #0x40000134, L628
       jeq #0x40000135, L628
       jeq #0x40000138, L835
       jeq #0x40000139, L835
       jeq #0x4000013a, L628
       jeq #0x4000013b, L628
       jeq #0x4000013c, L628
       jeq #0x4000013d, L628
       jeq #0x4000013e, L628
       jeq #0x4000013f, L628
       jeq #0x40000140, L835
       jeq #0x40000141, L835
       jeq #0x40000143, L835
       jeq #0x40000144, L628
       jeq #0x40000145, L628
       jeq #0x40000146, L628
       jeq #0x40000149, L628
       jeq #0x4000014a, L628
       jeq #0x4000014b, L628
       jne #0x4000014c, L629
L628:  ret #0x7fff0000        ; ALLOW
L629:  jeq #0x4000014d, L835
       jeq #0x4000014e, L885
       jeq #0x400001a8, L885
       jeq #0x400001ac, L885
       jeq #0x400001ad, L885
       jeq #0x400001ae, L885
       jeq #0x400001af, L885
       jeq #0x400001b0, L885
       jeq #0x400001b1, L885
       jeq #0x400001b2, L885
       jeq #0x400001b3, L885
       jeq #0x400001b4, L885
       jeq #0x400001b5, L885
       jeq #0x400001b6, L885
       jeq #0x400001b7, L885
       jeq #0x400001b8, L835
       jeq #0x400001b9, L885
       jeq #0x400001ba, L885
       jeq #0x400001bc, L885
       jeq #0x400001bd, L885
       jeq #0x400001be, L885
       jeq #0x400001bf, L885
       jeq #0x400001c0, L885
       jeq #0x40000200, L885
       jeq #0x40000201, L885
       jeq #0x40000202, L885
       jeq #0x40000203, L885
       jeq #0x40000204, L885
       jeq #0x40000205, L885
       jeq #0x40000206, L885
       jeq #0x40000207, L885
       jeq #0x40000208, L885
       jeq #0x40000209, L885
       jeq #0x4000020a, L885
       jeq #0x4000020b, L885
       jeq #0x4000020c, L885
       jeq #0x4000020d, L885
       jeq #0x4000020e, L885
       jeq #0x4000020f, L885
       jeq #0x40000210, L835
       jeq #0x40000211, L885
       jeq #0x40000212, L885
       jeq #0x40000213, L885
       jeq #0x40000214, L835
       jeq #0x40000215, L835
       jeq #0x40000216, L885
       jeq #0x40000217, L885
       jeq #0x40000218, L885
       jeq #0x40000219, L885
       jeq #0x4000021a, L885
       jeq #0x4000021b, L885
       jeq #0x4000021c, L885
       jeq #0x4000021d, L885
       jeq #0x4000021e, L885
       jeq #0x4000021f, L885
       jeq #0x40000220, L885
       jeq #0x40000221, L885
       jeq #0x40000222, L885
       jeq #0x40000223, L885
       jne #0x40000029, L690
       jmp L1127
L690:  jeq #0x40000087, L707
       jne #0x29, L703        ; socket
       ld [36]                ; args[2] (high word)
       jne #0x0, L885
       ld [32]                ; args[2] (low word)
       jne #0x9, L885
       ld [20]                ; args[0] (high word)
       jne #0x0, L885
       ld [16]                ; args[0] (low word)
       jne #0x10, L885
       ld [36]                ; args[2] (high word)
       jne #0x0, L706
       jmp L1131
L703:  jne #0x87, L706        ; personality
       ld [20]                ; args[0] (high word)
       jeq #0x0, L707
L706:  ret #0x50026           ; ERRNO(38)
L707:  jmp L1135
L708:  jeq #0x40000003, L710  ; x86
       ret #0x0               ; KILL_THREAD
L710:  ld [0]                 ; nr
       jeq #0x0, L885         ; restart_syscall
       jeq #0x1, L885         ; exit
       jeq #0x2, L885         ; fork
       jeq #0x3, L885         ; read
       jeq #0x4, L885         ; write
       jeq #0x5, L885         ; open
       jeq #0x6, L885         ; close
       jeq #0x7, L885         ; waitpid
       jeq #0x8, L885         ; creat
       jeq #0x9, L885         ; link
       jeq #0xa, L885         ; unlink
       jeq #0xb, L885         ; execve
       jeq #0xc, L885         ; chdir
       jeq #0xd, L885         ; time
       jeq #0xe, L885         ; mknod
       jeq #0xf, L885         ; chmod
       jeq #0x10, L885        ; lchown
       jeq #0x12, L835        ; oldstat
       jeq #0x13, L885        ; lseek
       jeq #0x14, L885        ; getpid
       jeq #0x15, L885        ; mount
       jeq #0x16, L885        ; umount
       jeq #0x17, L885        ; setuid
       jeq #0x18, L885        ; getuid
       jeq #0x19, L835        ; stime
       jeq #0x1a, L885        ; ptrace
       jeq #0x1b, L885        ; alarm
       jeq #0x1c, L835        ; oldfstat
       jeq #0x1d, L885        ; pause
       jeq #0x1e, L885        ; utime
       jeq #0x21, L885        ; access
       jeq #0x22, L835        ; nice
       jeq #0x24, L885        ; sync
       jeq #0x25, L885        ; kill
       jeq #0x26, L885        ; rename
       jeq #0x27, L885        ; mkdir
       jeq #0x28, L885        ; rmdir
       jeq #0x29, L885        ; dup
       jeq #0x2a, L885        ; pipe
       jeq #0x2b, L885        ; times
       jeq #0x2d, L885        ; brk
       jeq #0x2e, L885        ; setgid
       jeq #0x2f, L885        ; getgid
       jeq #0x30, L885        ; signal
       jeq #0x31, L885        ; geteuid
       jeq #0x32, L885        ; getegid
       jeq #0x33, L835        ; acct
       jeq #0x34, L885        ; umount2
       jeq #0x36, L885        ; ioctl
       jeq #0x37, L885        ; fcntl
       jeq #0x39, L885        ; setpgid
       jeq #0x3b, L835        ; oldolduname
       jeq #0x3c, L885        ; umask
       jeq #0x3d, L885        ; chroot
       jeq #0x3e, L835        ; ustat
       jeq #0x3f, L885        ; dup2
       jeq #0x40, L885        ; getppid
       jeq #0x41, L885        ; getpgrp
       jeq #0x42, L885        ; setsid
       jeq #0x43, L885        ; sigaction
       jeq #0x44, L835        ; sgetmask
       jeq #0x45, L835        ; ssetmask
       jeq #0x46, L885        ; setreuid
       jeq #0x47, L885        ; setregid
       jeq #0x48, L885        ; sigsuspend
       jeq #0x49, L885        ; sigpending
       jeq #0x4a, L835        ; sethostname
       jeq #0x4b, L885        ; setrlimit
       jeq #0x4c, L885        ; getrlimit
       jeq #0x4d, L885        ; getrusage
       jeq #0x4e, L885        ; gettimeofday
       jeq #0x4f, L835        ; settimeofday
       jeq #0x50, L885        ; getgroups
       jeq #0x51, L885        ; setgroups
       jeq #0x52, L885        ; select
       jeq #0x53, L885        ; symlink
       jeq #0x54, L835        ; oldlstat
       jeq #0x55, L885        ; readlink
       jeq #0x56, L835        ; uselib
       jeq #0x57, L835        ; swapon
       jeq #0x58, L885        ; reboot
       jeq #0x59, L885        ; readdir
       jeq #0x5a, L885        ; mmap
       jeq #0x5b, L885        ; munmap
       jeq #0x5c, L885        ; truncate
       jeq #0x5d, L885        ; ftruncate
       jeq #0x5e, L885        ; fchmod
       jeq #0x5f, L885        ; fchown
       jeq #0x60, L885        ; getpriority
       jeq #0x61, L885        ; setpriority
       jeq #0x63, L885        ; statfs
       jeq #0x64, L885        ; fstatfs
       jeq #0x65, L835        ; ioperm
       jeq #0x66, L885        ; socketcall
       jeq #0x67, L885        ; syslog
       jeq #0x68, L885        ; setitimer
       jeq #0x69, L885        ; getitimer
       jeq #0x6a, L885        ; stat
       jeq #0x6b, L885        ; lstat
       jeq #0x6c, L885        ; fstat
       jeq #0x6d, L835        ; olduname
       jeq #0x6e, L835        ; iopl
       jeq #0x6f, L835        ; vhangup
       jeq #0x71, L835        ; vm86old
       jeq #0x72, L885        ; wait4
       jeq #0x73, L835        ; swapoff
       jeq #0x74, L885        ; sysinfo
       jeq #0x75, L885        ; ipc
       jeq #0x76, L885        ; fsync
       jeq #0x77, L885        ; sigreturn
       jeq #0x78, L885        ; clone
       jeq #0x79, L835        ; setdomainname
       jeq #0x7a, L885        ; uname
       jeq #0x7b, L885        ; modify_ldt
       jeq #0x7c, L885        ; adjtimex
       jeq #0x7d, L885        ; mprotect
       jeq #0x7e, L885        ; sigprocmask
       jeq #0x80, L835        ; init_module
       jeq #0x81, L835        ; delete_module
       jeq #0x83, L835        ; quotactl
       jeq #0x84, L885        ; getpgid
       jeq #0x85, L885        ; fchdir
       jeq #0x86, L835        ; bdflush
       jne #0x87, L836        ; sysfs
L835:  ret #0x50001           ; ERRNO(1)
L836:  jeq #0x8a, L885        ; setfsuid
       jeq #0x8b, L885        ; setfsgid
       jeq #0x8c, L885        ; _llseek
       jeq #0x8d, L885        ; getdents
       jeq #0x8e, L885        ; _newselect
       jeq #0x8f, L885        ; flock
       jeq #0x90, L885        ; msync
       jeq #0x91, L885        ; readv
       jeq #0x92, L885        ; writev
       jeq #0x93, L885        ; getsid
       jeq #0x94, L885        ; fdatasync
       jeq #0x96, L885        ; mlock
       jeq #0x97, L885        ; munlock
       jeq #0x98, L885        ; mlockall
       jeq #0x99, L885        ; munlockall
       jeq #0x9a, L885        ; sched_setparam
       jeq #0x9b, L885        ; sched_getparam
       jeq #0x9c, L885        ; sched_setscheduler
       jeq #0x9d, L885        ; sched_getscheduler
       jeq #0x9e, L885        ; sched_yield
       jeq #0x9f, L885        ; sched_get_priority_max
       jeq #0xa0, L885        ; sched_get_priority_min
       jeq #0xa1, L885        ; sched_rr_get_interval
       jeq #0xa2, L885        ; nanosleep
       jeq #0xa3, L885        ; mremap
       jeq #0xa4, L885        ; setresuid
       jeq #0xa5, L885        ; getresuid
       jeq #0xa6, L1118       ; vm86
       jeq #0xa7, L1118       ; query_module
       jeq #0xa8, L885        ; poll
       jeq #0xa9, L1118       ; nfsservctl
       jeq #0xaa, L885        ; setresgid
       jeq #0xab, L885        ; getresgid
       jeq #0xac, L885        ; prctl
       jeq #0xad, L885        ; rt_sigreturn
       jeq #0xae, L885        ; rt_sigaction
       jeq #0xaf, L885        ; rt_sigprocmask
       jeq #0xb0, L885        ; rt_sigpending
       jeq #0xb1, L885        ; rt_sigtimedwait
       jeq #0xb2, L885        ; rt_sigqueueinfo
       jeq #0xb3, L885        ; rt_sigsuspend
       jeq #0xb4, L885        ; pread64
       jeq #0xb5, L885        ; pwrite64
       jeq #0xb6, L885        ; chown
       jeq #0xb7, L885        ; getcwd
       jeq #0xb8, L885        ; capget
       jeq #0xb9, L885        ; capset
       jeq #0xba, L885        ; sigaltstack
       jne #0xbb, L886        ; sendfile
L885:  ret #0x7fff0000        ; ALLOW
L886:  jeq #0xbe, L1142       ; vfork
       jeq #0xbf, L1142       ; ugetrlimit
       jeq #0xc0, L1142       ; mmap2
       jeq #0xc1, L1142       ; truncate64
       jeq #0xc2, L1142       ; ftruncate64
       jeq #0xc3, L1142       ; stat64
       jeq #0xc4, L1142       ; lstat64
       jeq #0xc5, L1142       ; fstat64
       jeq #0xc6, L1142       ; lchown32
       jeq #0xc7, L1142       ; getuid32
       jeq #0xc8, L1142       ; getgid32
       jeq #0xc9, L1142       ; geteuid32
       jeq #0xca, L1142       ; getegid32
       jeq #0xcb, L1142       ; setreuid32
       jeq #0xcc, L1142       ; setregid32
       jeq #0xcd, L1142       ; getgroups32
       jeq #0xce, L1142       ; setgroups32
       jeq #0xcf, L1142       ; fchown32
       jeq #0xd0, L1142       ; setresuid32
       jeq #0xd1, L1142       ; getresuid32
       jeq #0xd2, L1142       ; setresgid32
       jeq #0xd3, L1142       ; getresgid32
       jeq #0xd4, L1142       ; chown32
       jeq #0xd5, L1142       ; setuid32
       jeq #0xd6, L1142       ; setgid32
       jeq #0xd7, L1142       ; setfsuid32
       jeq #0xd8, L1142       ; setfsgid32
       jeq #0xd9, L1142       ; pivot_root
       jeq #0xda, L1142       ; mincore
       jeq #0xdb, L1142       ; madvise
       jeq #0xdc, L1142       ; getdents64
       jeq #0xdd, L1142       ; fcntl64
       jeq #0xe0, L1142       ; gettid
       jeq #0xe1, L1142       ; readahead
       jeq #0xe2, L1142       ; setxattr
       jeq #0xe3, L1142       ; lsetxattr
       jeq #0xe4, L1142       ; fsetxattr
       jeq #0xe5, L1142       ; getxattr
       jeq #0xe6, L1142       ; lgetxattr
       jeq #0xe7, L1142       ; fgetxattr
       jeq #0xe8, L1142       ; listxattr
       jeq #0xe9, L1142       ; llistxattr
       jeq #0xea, L1142       ; flistxattr
       jeq #0xeb, L1142       ; removexattr
       jeq #0xec, L1142       ; lremovexattr
       jeq #0xed, L1142       ; fremovexattr
       jeq #0xee, L1142       ; tkill
       jeq #0xef, L1142       ; sendfile64
       jeq #0xf0, L1142       ; futex
       jeq #0xf1, L1142       ; sched_setaffinity
       jeq #0xf2, L1142       ; sched_getaffinity
       jeq #0xf3, L1142       ; set_thread_area
       jeq #0xf4, L1142       ; get_thread_area
       jeq #0xf5, L1142       ; io_setup
       jeq #0xf6, L1142       ; io_destroy
       jeq #0xf7, L1142       ; io_getevents
       jeq #0xf8, L1142       ; io_submit
       jeq #0xf9, L1142       ; io_cancel
       jeq #0xfa, L1142       ; fadvise64
       jeq #0xfc, L1142       ; exit_group
       jeq #0xfd, L1118       ; lookup_dcookie
       jeq #0xfe, L1142       ; epoll_create
       jeq #0xff, L1142       ; epoll_ctl
       jeq #0x100, L1142      ; epoll_wait
       jeq #0x101, L1142      ; remap_file_pages
       jeq #0x102, L1142      ; set_tid_address
       jeq #0x103, L1142      ; timer_create
       jeq #0x104, L1142      ; timer_settime
       jeq #0x105, L1142      ; timer_gettime
       jeq #0x106, L1142      ; timer_getoverrun
       jeq #0x107, L1142      ; timer_delete
       jeq #0x108, L1118      ; clock_settime
       jeq #0x109, L1142      ; clock_gettime
       jeq #0x10a, L1142      ; clock_getres
       jeq #0x10b, L1142      ; clock_nanosleep
       jeq #0x10c, L1142      ; statfs64
       jeq #0x10d, L1142      ; fstatfs64
       jeq #0x10e, L1142      ; tgkill
       jeq #0x10f, L1142      ; utimes
       jeq #0x110, L1142      ; fadvise64_64
       jeq #0x112, L1142      ; mbind
       jeq #0x113, L1142      ; get_mempolicy
       jeq #0x114, L1142      ; set_mempolicy
       jeq #0x115, L1142      ; mq_open
       jeq #0x116, L1142      ; mq_unlink
       jeq #0x117, L1142      ; mq_timedsend
       jeq #0x118, L1142      ; mq_timedreceive
       jeq #0x119, L1142      ; mq_notify
       jeq #0x11a, L1142      ; mq_getsetattr
       jeq #0x11b, L1118      ; kexec_load
       jeq #0x11c, L1142      ; waitid
       jeq #0x120, L1142      ; keyctl
       jeq #0x121, L1142      ; ioprio_set
       jeq #0x122, L1142      ; ioprio_get
       jeq #0x123, L1142      ; inotify_init
       jeq #0x124, L1142      ; inotify_add_watch
       jeq #0x125, L1142      ; inotify_rm_watch
       jeq #0x126, L1118      ; migrate_pages
       jeq #0x127, L1142      ; openat
       jeq #0x128, L1142      ; mkdirat
       jeq #0x129, L1142      ; mknodat
       jeq #0x12a, L1142      ; fchownat
       jeq #0x12b, L1142      ; futimesat
       jeq #0x12c, L1142      ; fstatat64
       jeq #0x12d, L1142      ; unlinkat
       jeq #0x12e, L1142      ; renameat
       jeq #0x12f, L1142      ; linkat
       jeq #0x130, L1142      ; symlinkat
       jeq #0x131, L1142      ; readlinkat
       jeq #0x132, L1142      ; fchmodat
       jeq #0x133, L1142      ; faccessat
       jeq #0x134, L1142      ; pselect6
       jeq #0x135, L1142      ; ppoll
       jeq #0x136, L1142      ; unshare
       jeq #0x137, L1142      ; set_robust_list
       jeq #0x138, L1142      ; get_robust_list
       jeq #0x139, L1142      ; splice
       jeq #0x13a, L1142      ; sync_file_range
       jeq #0x13b, L1142      ; tee
       jeq #0x13c, L1118      ; vmsplice
       jeq #0x13d, L1118      ; move_pages
       jeq #0x13e, L1142      ; getcpu
       jeq #0x13f, L1142      ; epoll_pwait
       jeq #0x140, L1142      ; utimensat
       jeq #0x141, L1142      ; signalfd
       jeq #0x142, L1142      ; timerfd_create
       jeq #0x143, L1142      ; eventfd
       jeq #0x144, L1142      ; fallocate
       jeq #0x145, L1142      ; timerfd_settime
       jeq #0x146, L1142      ; timerfd_gettime
       jeq #0x147, L1142      ; signalfd4
       jeq #0x148, L1142      ; eventfd2
       jeq #0x149, L1142      ; epoll_create1
       jeq #0x14a, L1142      ; dup3
       jeq #0x14b, L1142      ; pipe2
       jeq #0x14c, L1142      ; inotify_init1
       jeq #0x14d, L1142      ; preadv
       jeq #0x14e, L1142      ; pwritev
       jeq #0x14f, L1142      ; rt_tgsigqueueinfo
       jeq #0x150, L1118      ; perf_event_open
       jeq #0x151, L1142      ; recvmmsg
       jeq #0x152, L1118      ; fanotify_init
       jeq #0x153, L1142      ; fanotify_mark
       jeq #0x154, L1142      ; prlimit64
       jeq #0x155, L1142      ; name_to_handle_at
       jeq #0x156, L1118      ; open_by_handle_at
       jeq #0x157, L1142      ; clock_adjtime
       jeq #0x158, L1142      ; syncfs
       jeq #0x159, L1142      ; sendmmsg
       jeq #0x15a, L1142      ; setns
       jeq #0x15b, L1142      ; process_vm_readv
       jeq #0x15c, L1142      ; process_vm_writev
       jeq #0x15d, L1118      ; kcmp
       jeq #0x15e, L1118      ; finit_module
       jeq #0x15f, L1142      ; sched_setattr
       jeq #0x160, L1142      ; sched_getattr
       jeq #0x161, L1142      ; renameat2
       jeq #0x162, L1142      ; seccomp
       jeq #0x163, L1142      ; getrandom
       jeq #0x164, L1142      ; memfd_create
       jeq #0x165, L1118      ; bpf
       jeq #0x166, L1142      ; execveat
       jeq #0x168, L1142      ; socketpair
       jeq #0x169, L1142      ; bind
       jeq #0x16a, L1142      ; connect
       jeq #0x16b, L1142      ; listen
       jeq #0x16c, L1142      ; accept4
       jeq #0x16d, L1142      ; getsockopt
       jeq #0x16e, L1142      ; setsockopt
       jeq #0x16f, L1142      ; getsockname
       jeq #0x170, L1142      ; getpeername
       jeq #0x171, L1142      ; sendto
       jeq #0x172, L1142      ; sendmsg
       jeq #0x173, L1142      ; recvfrom
       jeq #0x174, L1142      ; recvmsg
       jeq #0x175, L1142      ; shutdown
       jeq #0x176, L1118      ; userfaultfd
       jeq #0x177, L1142      ; membarrier
       jeq #0x178, L1142      ; mlock2
       jeq #0x179, L1142      ; copy_file_range
       jeq #0x17a, L1142      ; preadv2
       jeq #0x17b, L1142      ; pwritev2
       jeq #0x17c, L1142      ; pkey_mprotect
       jeq #0x17d, L1142      ; pkey_alloc
       jeq #0x17e, L1142      ; pkey_free
       jeq #0x17f, L1142      ; statx
       jeq #0x180, L1142      ; arch_prctl
       jeq #0x181, L1118      ; io_pgetevents
       jeq #0x182, L1142      ; rseq
       jeq #0x189, L1142      ; semget
       jeq #0x18a, L1142      ; semctl
       jeq #0x18b, L1142      ; shmget
       jeq #0x18c, L1142      ; shmctl
       jeq #0x18d, L1142      ; shmat
       jeq #0x18e, L1142      ; shmdt
       jeq #0x18f, L1142      ; msgget
       jeq #0x190, L1142      ; msgsnd
       jeq #0x191, L1142      ; msgrcv
       jeq #0x192, L1142      ; msgctl
       jeq #0x193, L1142      ; clock_gettime64
       jeq #0x194, L1118      ; clock_settime64
       jeq #0x195, L1142      ; clock_adjtime64
       jeq #0x196, L1142      ; clock_getres_time64
       jeq #0x197, L1142      ; clock_nanosleep_time64
       jeq #0x198, L1142      ; timer_gettime64
       jeq #0x199, L1142      ; timer_settime64
       jeq #0x19a, L1142      ; timerfd_gettime64
       jeq #0x19b, L1142      ; timerfd_settime64
       jeq #0x19c, L1142      ; utimensat_time64
       jeq #0x19d, L1142      ; pselect6_time64
       jeq #0x19e, L1142      ; ppoll_time64
       jeq #0x1a1, L1142      ; recvmmsg_time64
       jeq #0x1a2, L1142      ; mq_timedsend_time64
       jeq #0x1a3, L1142      ; mq_timedreceive_time64
       jeq #0x1a4, L1142      ; semtimedop_time64
       jeq #0x1a5, L1142      ; rt_sigtimedwait_time64
       jeq #0x1a6, L1142      ; futex_time64
       jeq #0x1a7, L1142      ; sched_rr_get_interval_time64
       jeq #0x1a8, L1142      ; pidfd_send_signal
       jeq #0x1ac, L1142      ; open_tree
       jeq #0x1ad, L1142      ; move_mount
       jeq #0x1ae, L1142      ; fsopen
       jeq #0x1af, L1142      ; fsconfig
       jeq #0x1b0, L1142      ; fsmount
       jeq #0x1b1, L1142      ; fspick
       jeq #0x1b2, L1142      ; pidfd_open
       jeq #0x1b3, L1142      ; clone3
       jeq #0x1b4, L1142      ; close_range
       jeq #0x1b5, L1142      ; openat2
       jeq #0x1b6, L1142      ; pidfd_getfd
       jeq #0x1b7, L1142      ; faccessat2
       jne #0x1b8, L1119      ; process_madvise
L1118: ret #0x50001           ; ERRNO(1)
L1119: jeq #0x1b9, L1142      ; epoll_pwait2
       jeq #0x1ba, L1142      ; mount_setattr
       jeq #0x1bc, L1142      ; landlock_create_ruleset
       jeq #0x1bd, L1142      ; landlock_add_rule
       jeq #0x1be, L1142      ; landlock_restrict_self
       jeq #0x1bf, L1142      ; memfd_secret
       jeq #0x1c0, L1142      ; process_mrelease
       jne #0x167, L1134      ; socket
L1127: ld [32]                ; args[2] (low word)
       jne #0x9, L1142
       ld [16]                ; args[0] (low word)
       jne #0x10, L1142
L1131: ld [32]                ; args[2] (low word)
       jne #0x9, L1141
       ret #0x50016           ; ERRNO(22)
L1134: jne #0x88, L1141       ; personality
L1135: ld [16]                ; args[0] (low word)
       jeq #0xffffffff, L1142
       jeq #0x20008, L1142
       jeq #0x20000, L1142
       jeq #0x8, L1142
       jeq #0x0, L1142
L1141: ret #0x50026           ; ERRNO(38)
L1142: ret #0x7fff0000        ; ALLOW
       ret #0x0               ; KILL_THREAD
