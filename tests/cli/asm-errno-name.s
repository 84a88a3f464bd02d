; ret #ERRNO(EPERM) is ret #ERRNO(1): errno names work where numbers do.
        ld [0]
        jeq #257, eperm
        ret #ALLOW
eperm:  ret #ERRNO(EPERM)
