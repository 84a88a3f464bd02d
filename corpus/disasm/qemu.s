     ld [4]                   ; arch
     jne #0xc000003e, L26     ; x86_64
     ld [0]                   ; nr
     jlt #0x40000000, L5
     jne #0xffffffff, L26
L5:  jeq #0x67, L25           ; syslog
     jeq #0x86, L25           ; uselib
     jeq #0x88, L25           ; ustat
     jeq #0x8b, L25           ; sysfs
     jeq #0x9c, L25           ; _sysctl
     jeq #0xa5, L25           ; mount
     jeq #0xa7, L25           ; swapon
     jeq #0xa8, L25           ; swapoff
     jeq #0xa9, L25           ; reboot
     jeq #0xae, L25           ; create_module
     jeq #0xb1, L25           ; get_kernel_syms
     jeq #0xb2, L25           ; query_module
     jeq #0xb5, L25           ; getpmsg
     jeq #0xb6, L25           ; putpmsg
     jeq #0xb7, L25           ; afs_syscall
     jeq #0xb8, L25           ; tuxcall
     jeq #0xb9, L25           ; security
     jeq #0xec, L25           ; vserver
     jeq #0xf6, L25           ; kexec_load
     ret #0x7fff0000          ; ALLOW
L25: ret #0x80000000          ; KILL_PROCESS
L26: ret #0x0                 ; KILL_THREAD
