# The policy of small.s in seccomp-tools' asm language.
A = arch
if (A != ARCH_X86_64) goto bad
A = sys_number
if (A == read) goto allow
if (A == write) goto allow
A == openat ? eacces : next
return KILL_PROCESS
allow: return ALLOW
eacces: return ERRNO(13)
bad: return KILL
