        ret #0x0005000b                 ; ERRNO(11)
