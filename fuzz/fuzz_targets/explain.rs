//! `secbpf::fuzzing::explain`: see its documentation (input layout: `fuzzing::split_program`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| secbpf::fuzzing::explain(data));
