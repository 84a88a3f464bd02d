; x86_64 and i386 each deny their own execve (59 on x86_64, 11 on i386) with EPERM;
; other arches are killed. The same number means different syscalls on each branch.
        ld [4]                          ; arch
        jeq #0xc000003e, x86_64, other
x86_64: ld [0]                          ; nr
        jeq #59, deny                   ; execve (x86_64)
        ret #0x7fff0000
other:  jeq #0x40000003, i386, kill
i386:   ld [0]                          ; nr
        jeq #11, deny                   ; execve (i386)
        ret #0x7fff0000
deny:   ret #0x50001
kill:   ret #0
