        ret #0x0005000d                 ; ERRNO(13)
