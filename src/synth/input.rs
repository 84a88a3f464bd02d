//! Input generator: `seccomp_data` derived from the programs' own constants.

use super::prog::{chance, const_value, nr_value, pick, variant};
use super::rng::SplitMix64;
use super::GenConfig;
use crate::consts::*;
use crate::seccomp::data::SeccompData;
use arbitrary::{Result, Unstructured};

/// Most hints kept per case (later ones are dropped).
const MAX_HINTS: usize = 128;

/// Constants the programs of a case compare with.
#[derive(Clone, Debug, Default)]
pub(crate) struct Hints {
    /// `(byte offset of the seccomp_data word A held, constant it was compared with)`.
    pub(crate) field: Vec<(u32, u32)>,
    /// Other constants the programs use.
    pub(crate) pool: Vec<u32>,
}

impl Hints {
    pub(crate) fn add_field(&mut self, off: u32, v: u32) {
        if self.field.len() < MAX_HINTS {
            self.field.push((off, v));
        }
    }

    pub(crate) fn add_pool(&mut self, v: u32) {
        if self.pool.len() < MAX_HINTS {
            self.pool.push(v);
        }
    }
}

/// Make an input the oracle can produce: x86_64 inputs never carry nr 335/336 (the
/// kernel never runs filters for those); those numbers move to i386, where they are
/// ordinary (when the configuration has i386). The nr is masked to what the arch can
/// pass. Arm32 (compat) inputs keep the low halves of the ip and args: the kernel
/// zero-extends a compat task's 32-bit registers.
pub(crate) fn sanitize(d: &mut SeccompData, cfg: &GenConfig) {
    d.nr &= cfg.nr_mask;
    // A native input that took a compat-only ip (a hint changed its arch afterwards) gets
    // the native ip at the same place in `ips` (arm32's Thumb ips are not aarch64's).
    if d.arch != cfg.compat() && !cfg.ips.is_empty() && !cfg.ips.contains(&d.instruction_pointer) {
        if let Some(i) = cfg
            .compat_ips
            .iter()
            .position(|&ip| ip == d.instruction_pointer)
        {
            d.instruction_pointer = cfg.ips[i % cfg.ips.len()];
        }
    }
    if d.arch == crate::consts::AUDIT_ARCH_ARM {
        // Below 0x10000 and from the vector page 0xffff0000 on, no arm32 svc can be
        // placed: such ips move to a page that can hold one.
        d.instruction_pointer &= 0xffff_ffff;
        if !(0x1_0000..0xffff_0000).contains(&d.instruction_pointer) {
            d.instruction_pointer = 0x0c0d_e000 | (d.instruction_pointer & 0xfff);
        }
        for a in d.args.iter_mut() {
            *a &= 0xffff_ffff;
        }
    }
    if d.arch == AUDIT_ARCH_X86_64
        && (d.nr == 335 || d.nr == 336)
        && cfg.arches.contains(&AUDIT_ARCH_I386)
    {
        d.arch = AUDIT_ARCH_I386;
    }
}

fn arg_value(u: &mut Unstructured, hints: &Hints) -> Result<u64> {
    Ok(match u.int_in_range(0..=99u32)? {
        0..=34 => 0,
        35..=49 => u64::from(u.int_in_range(0..=4096u32)?),
        50..=59 => u64::from(const_value(u, hints)?),
        60..=69 => u64::from(const_value(u, hints)?) << 32 | u64::from(const_value(u, hints)?),
        70..=74 => u64::MAX,
        75..=79 => 0xffff_ffff_0000_0000 | u64::from(const_value(u, hints)?),
        _ => u.arbitrary::<u64>()?,
    })
}

/// Whether `arch` lays `seccomp_data` out big-endian.
fn big_endian(arch: u32) -> bool {
    crate::seccomp::arch::data_endian(arch) == crate::insn::Endian::Big
}

fn set_half(v: u64, high: bool, w: u32) -> u64 {
    if high {
        (v & 0xffff_ffff) | u64::from(w) << 32
    } else {
        (v & 0xffff_ffff_0000_0000) | u64::from(w)
    }
}

/// One input for a case whose programs compare with `hints`.
pub(crate) fn input(u: &mut Unstructured, cfg: &GenConfig, hints: &Hints) -> Result<SeccompData> {
    let arch = if chance(u, 30, 100)? {
        cfg.compat()
    } else {
        cfg.native()
    };
    let mut d = SeccompData::new(arch, 0);
    if !cfg.ips_for(arch).is_empty() {
        d.instruction_pointer = pick(u, cfg.ips_for(arch))?;
    }
    if chance(u, 10, 100)? {
        // Entirely random.
        d.nr = u.arbitrary()?;
        for a in d.args.iter_mut() {
            *a = u.arbitrary()?;
        }
        sanitize(&mut d, cfg);
        return Ok(d);
    }
    d.nr = match u.int_in_range(0..=99u32)? {
        0..=54 => nr_value(u)?,
        55..=74 if !hints.pool.is_empty() => {
            let v = pick(u, &hints.pool)?;
            variant(u, v)?
        }
        75..=84 => const_value(u, hints)?,
        _ => u.arbitrary()?,
    };
    for a in d.args.iter_mut() {
        *a = arg_value(u, hints)?;
    }
    if !hints.field.is_empty() {
        let count = u.int_in_range(0..=hints.field.len().min(4))?;
        // Usually apply at least one hint: that is what makes compares take both ways.
        let count = if count == 0 && !chance(u, 20, 100)? {
            1
        } else {
            count
        };
        for _ in 0..count {
            let (off, v) = pick(u, &hints.field)?;
            let v = variant(u, v)?;
            apply(u, cfg, &mut d, off, v)?;
        }
    }
    sanitize(&mut d, cfg);
    Ok(d)
}

/// Make the word at byte `off` hold `v` where the oracle can.
fn apply(
    u: &mut Unstructured,
    cfg: &GenConfig,
    d: &mut SeccompData,
    off: u32,
    v: u32,
) -> Result<()> {
    match off {
        0 => d.nr = v,
        4 if cfg.arches.contains(&v) => d.arch = v,
        8 | 12 => {
            // Only listed addresses are possible: take one whose word matches, if any.
            // On big-endian the word at the lower offset is the high half.
            let high = (off == 12) != big_endian(d.arch);
            let word = |ip: u64| if high { (ip >> 32) as u32 } else { ip as u32 };
            let matching: Vec<u64> = cfg
                .ips_for(d.arch)
                .iter()
                .copied()
                .filter(|&ip| word(ip) == v)
                .collect();
            if !matching.is_empty() {
                d.instruction_pointer = pick(u, &matching)?;
            }
        }
        16..=63 => {
            let i = ((off - 16) / 8) as usize;
            let high = (off % 8 == 4) != big_endian(d.arch);
            let mut a = set_half(d.args[i], high, v);
            // The other half: kept, zero, all ones or random.
            a = match u.int_in_range(0..=3u32)? {
                0 => a,
                1 => set_half(a, !high, 0),
                2 => set_half(a, !high, u32::MAX),
                _ => set_half(a, !high, u.arbitrary()?),
            };
            d.args[i] = a;
        }
        _ => {}
    }
    Ok(())
}

/// A random input from a plain stream (fallback when the structured generator fails).
pub(crate) fn random_input(r: &mut SplitMix64, cfg: &GenConfig) -> SeccompData {
    let arch = if r.below(10) < 7 {
        cfg.native()
    } else {
        cfg.compat()
    };
    let mut d = SeccompData::new(arch, r.below(460) as u32);
    let ips = cfg.ips_for(arch);
    if !ips.is_empty() {
        d.instruction_pointer = ips[r.below(ips.len() as u64) as usize];
    }
    for a in d.args.iter_mut() {
        *a = r.next_u64();
    }
    sanitize(&mut d, cfg);
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A value meant for the word at byte 16 (or 8) lands in the half of args[0] (or of
    /// the instruction pointer) that `ld [16]` (`ld [8]`) reads in the input's byte order:
    /// the low half on x86_64, the high half on big-endian s390x (kernel facts §5).
    #[test]
    fn hints_land_in_the_half_the_word_is_for_the_byte_order() {
        let ips = vec![0x0000_0001_0000_0002, 0x0000_0003_0000_0004];
        for (arch, big) in [(AUDIT_ARCH_X86_64, false), (AUDIT_ARCH_S390X, true)] {
            let cfg = GenConfig::new(1, ips.clone()).arches(vec![arch]);
            let zeros = [0u8; 64];
            let mut d = SeccompData::new(arch, 0);
            apply(
                &mut Unstructured::new(&zeros),
                &cfg,
                &mut d,
                16,
                0x1234_5678,
            )
            .unwrap();
            let (at, other) = if big {
                (d.args[0] >> 32, d.args[0] & 0xffff_ffff)
            } else {
                (d.args[0] & 0xffff_ffff, d.args[0] >> 32)
            };
            assert_eq!((at, other), (0x1234_5678, 0), "arch {arch:#x}");
            // The word at 16 as secbpf's run reads it is the value, on both.
            assert_eq!(d.words()[4], 0x1234_5678, "arch {arch:#x}");
            // ld [8] == 3: only the ip whose word at offset 8 is 3 fits (high half on BE).
            let mut d = SeccompData::new(arch, 0);
            apply(&mut Unstructured::new(&zeros), &cfg, &mut d, 8, 3).unwrap();
            let want = if big { 0x0000_0003_0000_0004 } else { 0 };
            assert_eq!(d.instruction_pointer, want, "arch {arch:#x}");
            assert_eq!(d.words()[2] == 3, big);
        }
    }

    /// With compat ips (arm32 on arm64: ARM and Thumb ips), compat inputs take ips from
    /// both, native inputs only their own, even when a hint changed the arch afterwards;
    /// and a filter comparing `ld [8]` with a Thumb ip is given inputs that match it.
    #[test]
    fn compat_inputs_take_compat_ips_and_native_ones_never_do() {
        let arm = vec![0x0c0d_e004, 0x0001_0004];
        let compat = vec![0x0c0d_e004, 0x0001_0004, 0x0c0d_e002, 0x0001_0002];
        let cfg = GenConfig::new(8, arm.clone())
            .arches(vec![AUDIT_ARCH_AARCH64, AUDIT_ARCH_ARM])
            .compat_ips(compat.clone());
        let mut thumb = 0;
        let mut matched = 0;
        for i in 0..3000 {
            let c = crate::synth::case_from_seed(7, i, &cfg);
            let cmp_thumb = c.filters.iter().flatten().any(|x| x.k == 0x0c0d_e002);
            for d in &c.inputs {
                match d.arch {
                    AUDIT_ARCH_AARCH64 => assert!(arm.contains(&d.instruction_pointer), "{d:?}"),
                    AUDIT_ARCH_ARM => {
                        // sanitize moves ips outside arm32's range into 0x0c0de000's page.
                        let ip = d.instruction_pointer;
                        assert!(compat.contains(&ip) || ip >> 12 == 0x0c0de, "{d:?}");
                        thumb += usize::from(ip % 4 == 2);
                        matched += usize::from(cmp_thumb && ip == 0x0c0d_e002);
                    }
                    a => panic!("arch {a:#x}"),
                }
            }
        }
        assert!(thumb > 500, "{thumb} Thumb ips");
        assert!(
            matched > 5,
            "{matched} inputs meet a compare with a Thumb ip"
        );
        // Without compat ips, inputs of both arches use `ips`.
        let plain = GenConfig::new(8, arm.clone()).arches(vec![AUDIT_ARCH_AARCH64, AUDIT_ARCH_ARM]);
        for i in 0..300 {
            for d in crate::synth::case_from_seed(7, i, &plain).inputs {
                assert!(d.instruction_pointer % 4 == 0, "{d:?}");
            }
        }
    }
}
