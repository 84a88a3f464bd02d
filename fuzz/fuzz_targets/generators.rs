//! `secbpf::genfuzz::fuzz`: a rule set drawn from the input, compiled by every generator
//! of this build (seccompiler; libseccomp with `--features secbpf/libseccomp`), is accepted
//! by the checker and returns what the rules say on inputs derived from their constants.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| secbpf::genfuzz::fuzz(data));
