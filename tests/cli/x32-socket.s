# x86_64 and x32 callers both report AUDIT_ARCH_X86_64; x32 numbers carry 0x40000000.
# Native socket (41) is allowed, x32 socket (0x40000029) gets EAFNOSUPPORT, every other
# x32 number is killed, every other native one allowed.
ld [4]
jne #0xc000003e, kill
ld [0]
jeq #0x40000029, nosock
jge #0x40000000, kill
ret #ALLOW
nosock: ret #ERRNO(97)
kill: ret #KILL_PROCESS
