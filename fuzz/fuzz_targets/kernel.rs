//! `secbpf::fuzzing::kernel`: a generated case, checked and run by secbpf and by the live
//! kernel (needs seccomp); a disagreement panics with a reproducer.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| secbpf::fuzzing::kernel(data));
