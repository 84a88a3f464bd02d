//! Arbitrary bytes through every program decoder: `codec::decode` with format
//! detection and with each format forced, and the bpf_asm assembler on the lossy
//! UTF-8 text. Nothing may panic; whatever decodes is also checked (and must not
//! panic), and a raw encoding of it decodes back to the same program.
#![no_main]

use libfuzzer_sys::fuzz_target;
use secbpf::codec::{self, DecodeOptions, EncodeOptions, Format};
use secbpf::{asm, verify, Endian};

fuzz_target!(|bytes: &[u8]| {
    let opts = DecodeOptions::default();
    if let Ok(prog) = codec::decode(bytes, None, &opts) {
        let _ = verify::check(&prog);
        for endian in [Endian::Little, Endian::Big] {
            let enc = EncodeOptions {
                endian,
                ..EncodeOptions::default()
            };
            let raw = codec::encode(&prog, Format::Raw, &enc);
            if !prog.is_empty() {
                let back =
                    codec::decode(&raw, Some(Format::Raw), &DecodeOptions { endian, ..opts })
                        .expect("raw encoding decodes");
                assert_eq!(back, prog);
            }
        }
    }
    for f in Format::ALL {
        let _ = codec::decode(bytes, Some(f), &opts);
    }
    let text = String::from_utf8_lossy(bytes);
    if let Ok(prog) = asm::assemble(&text) {
        let _ = verify::check(&prog);
    }
});
