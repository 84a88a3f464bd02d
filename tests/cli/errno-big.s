ld [nr]
ret #ERRNO(65536)
