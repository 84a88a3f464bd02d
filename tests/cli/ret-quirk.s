; kernel facts 2.4: the RET on the path that did not store hands its (empty) set of
; written cells to the next instruction, so the load at pc 5 is refused although only
; the storing path jumps there.
        ld [0]
        jeq #1, store, skip
store:  st M[0]
        ja load
skip:   ret #0x7fff0000
load:   ld M[0]
        ret a
