//! `secbpf::fuzzing::check`: the checker gives a verdict or an error for any program,
//! never panics, and answers the same every time (input layout: `fuzzing::split_program`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| secbpf::fuzzing::check(data));
