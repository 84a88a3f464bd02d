; cover: a return no input of cover-dead.jsonl reaches, one no input can reach
; (nr == 1 and nr == 2 at once), and dead code after the last return.
    ld [0]
    jeq #1, one
    jeq #59, deny
    ret #ALLOW
one:
    jeq #2, never
    ret #ERRNO(1)
never:
    ret #KILL_PROCESS
deny:
    ret #ERRNO(13)
    ret #TRAP
