; bpf_check_classic refuses a constant shift of 32 or more
        ld [0]
        lsh #32
        ret a
