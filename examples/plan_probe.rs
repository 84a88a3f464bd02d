fn main() {
    let path = std::env::args().nth(1).unwrap();
    let inputs = std::env::args().nth(2).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let prog = secbpf::codec::decode_raw(&bytes, secbpf::Endian::Little).unwrap();
    let v = secbpf::verify::check(&prog).unwrap();
    let raw = std::fs::read(&inputs).unwrap();
    let (mut done, mut resumed) = (0, 0);
    let mut shape = (0, 0, 0);
    for rec in raw.chunks_exact(64) {
        let mut w = [0u32; 16];
        for (i, c) in rec.chunks_exact(4).enumerate() {
            w[i] = u32::from_ne_bytes(c.try_into().unwrap());
        }
        let (r, s) = secbpf::vm::run_planned(&v, &w);
        shape = s;
        if r.is_some() {
            done += 1
        } else {
            resumed += 1;
            if resumed < 4 {
                eprintln!("resumed: nr {:#x} arch {:#x}", w[0], w[1]);
            }
        }
    }
    println!(
        "{path}: planned {done}, resumed {resumed}, shape {shape:?}, bytes {}",
        v.prepared_size_bytes()
    );
}
