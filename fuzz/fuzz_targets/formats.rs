//! `secbpf::fuzzing::formats`: disassemble/assemble and codec encode/decode round trips
//! are the identity; arbitrary text never makes a decoder panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| secbpf::fuzzing::formats(data));
