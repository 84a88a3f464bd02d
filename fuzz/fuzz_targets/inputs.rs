//! `secbpf::fuzzing::inputs`: no bytes make the input-set reader panic, text is never
//! read as raw records, and what is read round-trips.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| secbpf::fuzzing::inputs(data));
