        ret #0x0005000c                 ; ERRNO(12)
