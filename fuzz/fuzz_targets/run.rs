//! `secbpf::fuzzing::run`: an accepted program runs to a return on any input; `vm::run`,
//! `vm::Machine` and a one-filter `run_stack` agree (input layout: `fuzzing::split_program`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| secbpf::fuzzing::run(data));
