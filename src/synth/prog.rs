//! Program generator: valid-by-construction forward-jump programs, then mutations.

use super::input::Hints;
use super::rng::SplitMix64;
use super::GenConfig;
use crate::consts::*;
use crate::insn::Insn;
use arbitrary::{Result, Unstructured};

// Opcodes as the kernel spells them (kernel facts §2.1).
pub(crate) const LD_IMM: u16 = BPF_LD | BPF_IMM;
pub(crate) const LDX_IMM: u16 = BPF_LDX | BPF_IMM;
pub(crate) const ST: u16 = BPF_ST;
pub(crate) const STX: u16 = BPF_STX;
pub(crate) const LD_ABS: u16 = BPF_LD | BPF_W | BPF_ABS;
pub(crate) const LD_MEM: u16 = BPF_LD | BPF_MEM;
pub(crate) const LDX_MEM: u16 = BPF_LDX | BPF_MEM;
pub(crate) const LD_LEN: u16 = BPF_LD | BPF_W | BPF_LEN;
pub(crate) const LDX_LEN: u16 = BPF_LDX | BPF_W | BPF_LEN;
pub(crate) const TAX: u16 = BPF_MISC | BPF_TAX;
pub(crate) const TXA: u16 = BPF_MISC | BPF_TXA;
pub(crate) const RET_K: u16 = BPF_RET | BPF_K;
pub(crate) const RET_A: u16 = BPF_RET | BPF_A;
pub(crate) const JA: u16 = BPF_JMP | BPF_JA;
pub(crate) const NEG: u16 = BPF_ALU | BPF_NEG;

const ALU_OPS: [u16; 9] = [
    BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_OR, BPF_AND, BPF_LSH, BPF_RSH, BPF_XOR,
];
const JMP_OPS: [u16; 5] = [BPF_JEQ, BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET];

/// Opcodes a socket filter may use but seccomp refuses (kernel facts §3).
pub(crate) const SECCOMP_REFUSED: [u16; 8] = [0x94, 0x9c, 0x28, 0x30, 0x40, 0x48, 0x50, 0xb1];
/// Codes `chk_code_allowed` refuses (kernel facts §2.1).
const NOT_ALLOWED: [u16; 16] = [
    0x0e, 0x08, 0x0a, 0x70, 0x88, 0x8c, 0x0d, 0x0f, 0x17, 0x55, 0x21, 0xb2, 0xff, 0x8000, 0x0100,
    0x26,
];

/// Constants where implementations go wrong.
const EDGE: [u32; 40] = [
    0,
    1,
    2,
    3,
    4,
    7,
    8,
    15,
    16,
    31,
    32,
    33,
    63,
    64,
    65,
    0xff,
    0x100,
    0xfff,
    0x1000,
    0xffff,
    0x10000,
    0x7fff_ffff,
    0x8000_0000,
    0x8000_0001,
    0xffff_fffe,
    0xffff_ffff,
    0xffff_0000,
    0x7fff_0000,
    0x0005_0000,
    0x0003_0000,
    0x7ffc_0000,
    0x7ff0_0000,
    0x7fc0_0000,
    AUDIT_ARCH_X86_64,
    AUDIT_ARCH_I386,
    0x4000_0000,
    0xc000_0000,
    0xffff_f000,
    0x5555_5555,
    0xaaaa_aaaa,
];

/// True with probability about `num/den`; false once the bytes run out (`num < den`).
pub(crate) fn chance(u: &mut Unstructured, num: u32, den: u32) -> Result<bool> {
    if den == 0 {
        return Ok(false);
    }
    Ok(u.int_in_range(0..=den - 1)? >= den.saturating_sub(num))
}

/// One of `xs` (which must be non-empty; all callers pass constant tables).
pub(crate) fn pick<T: Copy>(u: &mut Unstructured, xs: &[T]) -> Result<T> {
    Ok(*u.choose(xs)?)
}

/// Index into `weights`, chosen with probability proportional to its weight.
fn weighted(u: &mut Unstructured, weights: &[u32]) -> Result<usize> {
    let total: u32 = weights.iter().sum();
    if total == 0 {
        return Ok(0);
    }
    let mut r = u.int_in_range(0..=total - 1)?;
    for (i, &w) in weights.iter().enumerate() {
        if r < w {
            return Ok(i);
        }
        r -= w;
    }
    Ok(0)
}

/// An edge constant, a small number, an action value, a constant already used in this
/// case, or a random word.
pub(crate) fn const_value(u: &mut Unstructured, hints: &Hints) -> Result<u32> {
    Ok(match u.int_in_range(0..=99u32)? {
        0..=44 => pick(u, &EDGE)?,
        45..=64 => u.int_in_range(0..=450u32)?,
        65..=74 => ret_value(u)?,
        75..=84 if !hints.pool.is_empty() => pick(u, &hints.pool)?,
        _ => u.arbitrary::<u32>()?,
    })
}

/// A plausible syscall number for comparing with `nr`.
pub(crate) fn nr_value(u: &mut Unstructured) -> Result<u32> {
    Ok(match u.int_in_range(0..=99u32)? {
        0..=59 => u.int_in_range(0..=460u32)?,
        60..=64 => pick(u, &[335u32, 336, 334, 337])?,
        65..=72 => X32_SYSCALL_BIT | u.int_in_range(0..=560u32)?,
        73..=84 => pick(u, &EDGE)?,
        _ => u.arbitrary::<u32>()?,
    })
}

/// A 32-bit word of one of the configured instruction pointers (`high` picks the word).
pub(crate) fn ip_word(u: &mut Unstructured, cfg: &GenConfig, high: bool) -> Result<u32> {
    if cfg.ips.is_empty() {
        return pick(u, &EDGE);
    }
    // Sometimes an ip only compat inputs take (arm32's Thumb ips on arm64).
    let ips = if !cfg.compat_ips.is_empty() && chance(u, 50, 100)? {
        &cfg.compat_ips
    } else {
        &cfg.ips
    };
    let ip = pick(u, ips)?;
    Ok(if high { (ip >> 32) as u32 } else { ip as u32 })
}

/// A return value: one of the eight actions or an unknown one, with edge data.
pub(crate) fn ret_value(u: &mut Unstructured) -> Result<u32> {
    let action = match u.int_in_range(0..=99u32)? {
        0..=29 => SECCOMP_RET_ALLOW,
        30..=51 => SECCOMP_RET_ERRNO,
        52..=61 => SECCOMP_RET_TRAP,
        62..=69 => SECCOMP_RET_KILL_THREAD,
        70..=75 => SECCOMP_RET_KILL_PROCESS,
        76..=79 => SECCOMP_RET_LOG,
        80..=83 => SECCOMP_RET_TRACE,
        84..=86 => SECCOMP_RET_USER_NOTIF,
        _ => pick(
            u,
            &[
                0x1000_0000u32,
                0x7ffe_0000,
                0xffff_0000,
                0xaaaa_0000,
                0x9000_0000,
                0x0004_0000,
                0x0001_0000,
                0x7ffd_0000,
                0x8001_0000,
            ],
        )?,
    };
    let data = match u.int_in_range(0..=99u32)? {
        0..=44 if action == SECCOMP_RET_ERRNO => u.int_in_range(1..=133u32)?,
        0..=49 => 0,
        50..=64 => u.int_in_range(1..=40u32)?,
        65..=71 => 4095,
        72..=78 => 4096,
        79..=85 => 0xffff,
        _ => u32::from(u.arbitrary::<u16>()?),
    };
    Ok(action | data)
}

/// A slightly different value: equal most of the time, else one off or with high bits.
pub(crate) fn variant(u: &mut Unstructured, v: u32) -> Result<u32> {
    Ok(match u.int_in_range(0..=99u32)? {
        0..=54 => v,
        55..=66 => v.wrapping_add(1),
        67..=78 => v.wrapping_sub(1),
        79..=85 => v | 0x8000_0000,
        86..=90 => v | 0x4000_0000,
        91..=94 => !v,
        _ => v | (u.arbitrary::<u32>()? & 0xffff_0000),
    })
}

/// A generated program of any shape.
pub(crate) fn program(
    u: &mut Unstructured,
    cfg: &GenConfig,
    hints: &mut Hints,
    in_stack: bool,
) -> Result<Vec<Insn>> {
    let shape = u.int_in_range(0..=999u32)?;
    let (mut prog, mutable) = match shape {
        0..=929 => {
            let n = match u.int_in_range(0..=99u32)? {
                0..=69 => u.int_in_range(2..=24usize)?,
                70..=94 => u.int_in_range(25..=80usize)?,
                _ if in_stack => u.int_in_range(25..=80usize)?,
                _ => u.int_in_range(81..=300usize)?,
            };
            (body(u, cfg, hints, n)?, true)
        }
        930..=934 => (Vec::new(), false),
        935..=954 => (single(u, hints)?, false),
        955..=964 => (padded(u, cfg, hints, BPF_MAXINSNS)?, true),
        965..=974 => (padded(u, cfg, hints, BPF_MAXINSNS + 1)?, false),
        _ => {
            let len = u.int_in_range(256..=BPF_MAXINSNS)?;
            (padded(u, cfg, hints, len)?, true)
        }
    };
    if mutable && chance(u, 25, 100)? {
        mutate(u, &mut prog, hints)?;
        if chance(u, 20, 100)? {
            mutate(u, &mut prog, hints)?;
        }
    }
    if chance(u, 12, 100)? {
        noise(u, &mut prog)?;
    }
    Ok(prog)
}

/// A one-instruction program.
fn single(u: &mut Unstructured, hints: &Hints) -> Result<Vec<Insn>> {
    let insn = match u.int_in_range(0..=99u32)? {
        0..=44 => Insn::stmt(RET_K, ret_value(u)?),
        45..=64 => Insn::stmt(RET_A, 0),
        65..=74 => Insn::stmt(0x0e, 0),
        _ => Insn::new(u.int_in_range(0..=0xb2u16)?, 0, 0, const_value(u, hints)?),
    };
    Ok(vec![insn])
}

/// State of the structured builder: the program so far, its planned length, and a
/// simulation of the kernel's scratch-memory pass (kernel facts §2.4) so loads can
/// pick cells the kernel considers written.
struct Body<'c> {
    cfg: &'c GenConfig,
    n: usize,
    out: Vec<Insn>,
    masks: Vec<u16>,
    memvalid: u16,
    /// Byte offset of the `seccomp_data` word A holds, if A holds one unchanged.
    a_field: Option<u32>,
    /// The constant X holds, if known.
    x_const: Option<u32>,
}

impl Body<'_> {
    fn pc(&self) -> usize {
        self.out.len()
    }

    /// Slots left before the final return.
    fn room(&self) -> usize {
        (self.n - 1).saturating_sub(self.pc())
    }

    /// The scratch cells the kernel considers written at the current pc.
    fn valid_now(&self) -> u16 {
        self.memvalid & self.masks.get(self.pc()).copied().unwrap_or(0xffff)
    }

    fn push(&mut self, insn: Insn) {
        let pc = self.pc();
        if let Some(m) = self.masks.get(pc) {
            self.memvalid &= *m;
        }
        let cell = |k: u32| 1u16.checked_shl(k).unwrap_or(0);
        match insn.code {
            ST | STX => self.memvalid |= cell(insn.k),
            JA => {
                let t = (pc as u64 + 1).saturating_add(u64::from(insn.k));
                if let Some(m) = usize::try_from(t).ok().and_then(|t| self.masks.get_mut(t)) {
                    *m &= self.memvalid;
                }
                self.memvalid = 0xffff;
            }
            c if c & 0x07 == BPF_JMP => {
                for off in [insn.jt, insn.jf] {
                    if let Some(m) = self.masks.get_mut(pc + 1 + usize::from(off)) {
                        *m &= self.memvalid;
                    }
                }
                self.memvalid = 0xffff;
            }
            _ => {}
        }
        self.out.push(insn);
    }

    /// Largest forward offset from the current pc that still lands in the program.
    fn max_off(&self) -> usize {
        self.n.saturating_sub(2 + self.pc())
    }

    /// A jump offset: often 0 or small, sometimes exactly onto the last instruction.
    fn jump_off(&self, u: &mut Unstructured, limit: usize) -> Result<usize> {
        let max = self.max_off().min(limit);
        Ok(match u.int_in_range(0..=99u32)? {
            0..=34 => 0,
            35..=64 => u.int_in_range(0..=max.min(3))?,
            65..=79 => max,
            _ => u.int_in_range(0..=max)?,
        })
    }

    fn cond_off(&self, u: &mut Unstructured) -> Result<u8> {
        Ok(self.jump_off(u, 255)? as u8)
    }

    /// A constant to compare A with, chosen for what A holds.
    fn cmp_value(&self, u: &mut Unstructured, hints: &Hints) -> Result<u32> {
        if chance(u, 10, 100)? && !hints.field.is_empty() {
            let (_, v) = pick(u, &hints.field)?;
            return variant(u, v);
        }
        let v = match self.a_field {
            Some(0) => nr_value(u)?,
            Some(4) => {
                let (native, compat) = (self.cfg.native(), self.cfg.compat());
                pick(
                    u,
                    &[
                        native,
                        native,
                        compat,
                        compat,
                        native ^ 1,
                        AUDIT_ARCH_AARCH64,
                        0,
                    ],
                )?
            }
            // On big-endian the word at the lower offset is the high half.
            Some(8) => ip_word(u, self.cfg, self.cfg.big_endian())?,
            Some(12) => ip_word(u, self.cfg, !self.cfg.big_endian())?,
            Some(_) => match u.int_in_range(0..=9u32)? {
                0..=4 => pick(u, &EDGE)?,
                5..=7 => u.int_in_range(0..=4096u32)?,
                _ => u.arbitrary::<u32>()?,
            },
            None => const_value(u, hints)?,
        };
        variant(u, v)
    }

    fn note(&self, hints: &mut Hints, v: u32) {
        match self.a_field {
            Some(off) => hints.add_field(off, v),
            None => hints.add_pool(v),
        }
    }

    fn ld_abs(&mut self, u: &mut Unstructured) -> Result<()> {
        let off = field_offset(u)?;
        self.push(Insn::stmt(LD_ABS, off));
        self.a_field = Some(off);
        Ok(())
    }

    fn ldx_imm(&mut self, k: u32) {
        self.push(Insn::stmt(LDX_IMM, k));
        self.x_const = Some(k);
    }

    fn alu(&mut self, code: u16, k: u32) {
        self.push(Insn::stmt(code, k));
        self.a_field = None;
    }

    fn cond_jump(&mut self, u: &mut Unstructured, hints: &mut Hints) -> Result<()> {
        let op = pick(u, &JMP_OPS)?;
        let code = if chance(u, 22, 100)? {
            if let (Some(off), Some(c)) = (self.a_field, self.x_const) {
                hints.add_field(off, c);
            }
            let k = if chance(u, 20, 100)? {
                u.arbitrary::<u32>()?
            } else {
                0
            };
            let (jt, jf) = (self.cond_off(u)?, self.cond_off(u)?);
            self.push(Insn::jump(BPF_JMP | op | BPF_X, k, jt, jf));
            return Ok(());
        } else {
            BPF_JMP | op | BPF_K
        };
        let k = self.cmp_value(u, hints)?;
        self.note(hints, k);
        let (jt, jf) = (self.cond_off(u)?, self.cond_off(u)?);
        self.push(Insn::jump(code, k, jt, jf));
        Ok(())
    }

    fn load_mem(&mut self, u: &mut Unstructured) -> Result<()> {
        let valid = self.valid_now();
        let k = if valid != 0 && !chance(u, 5, 100)? {
            let cells: Vec<u32> = (0..16).filter(|i| valid & (1 << i) != 0).collect();
            pick(u, &cells)?
        } else if valid == 0 && !chance(u, 6, 100)? {
            // Nothing written yet: write instead (a load here would be refused).
            let code = if chance(u, 50, 100)? { ST } else { STX };
            self.push(Insn::stmt(code, u.int_in_range(0..=15u32)?));
            return Ok(());
        } else {
            u.int_in_range(0..=15u32)?
        };
        if chance(u, 60, 100)? {
            self.push(Insn::stmt(LD_MEM, k));
            self.a_field = None;
        } else {
            self.push(Insn::stmt(LDX_MEM, k));
            self.x_const = None;
        }
        Ok(())
    }

    /// `jxx #c, 0, 2; st M[i]; ja +1; ret|ja; ld M[i]`: the RET quirk of §2.4. With a
    /// `ret` the load is refused (unless `M[i]` was already written), with a `ja` past the
    /// load it is accepted.
    fn quirk(&mut self, u: &mut Unstructured, hints: &mut Hints) -> Result<()> {
        let i = u.int_in_range(0..=15u32)?;
        let k = self.cmp_value(u, hints)?;
        self.note(hints, k);
        let op = pick(u, &JMP_OPS)?;
        self.push(Insn::jump(BPF_JMP | op | BPF_K, k, 0, 2));
        let store = if chance(u, 50, 100)? { ST } else { STX };
        self.push(Insn::stmt(store, i));
        self.push(Insn::stmt(JA, 1));
        if chance(u, 40, 100)? {
            self.push(Insn::stmt(RET_K, ret_value(u)?));
        } else {
            self.push(Insn::stmt(JA, 1));
        }
        let load = if chance(u, 60, 100)? { LD_MEM } else { LDX_MEM };
        self.push(Insn::stmt(load, i));
        self.a_field = None;
        self.x_const = None;
        Ok(())
    }

    fn item(&mut self, u: &mut Unstructured, hints: &mut Hints) -> Result<()> {
        const W: [u32; 17] = [18, 20, 10, 5, 4, 3, 2, 4, 3, 2, 4, 5, 5, 6, 3, 2, 1];
        let room = self.room();
        match weighted(u, &W)? {
            1 => self.cond_jump(u, hints)?,
            2 => {
                let op = pick(u, &ALU_OPS)?;
                let k = match op {
                    BPF_DIV => const_value(u, hints)?.max(1),
                    BPF_LSH | BPF_RSH => pick(u, &[0u32, 1, 2, 4, 8, 16, 24, 30, 31, 31])?,
                    _ => const_value(u, hints)?,
                };
                self.alu(BPF_ALU | op | BPF_K, k);
            }
            3 => {
                let mut op = pick(u, &ALU_OPS)?;
                if op == BPF_DIV && self.x_const == Some(0) && chance(u, 70, 100)? {
                    // Mostly keep runs going: X == 0 kills (DivX below covers it).
                    op = BPF_XOR;
                }
                self.alu(BPF_ALU | op | BPF_X, 0);
            }
            4 if room >= 2 => {
                let n = if chance(u, 75, 100)? {
                    match u.int_in_range(0..=9u32)? {
                        0..=5 => u.int_in_range(0..=63u32)?,
                        _ => pick(u, &[31u32, 32, 33, 63])?,
                    }
                } else {
                    const_value(u, hints)?
                };
                self.ldx_imm(n);
                let op = pick(u, &[BPF_LSH, BPF_RSH])?;
                self.alu(BPF_ALU | op | BPF_X, 0);
            }
            5 if room >= 2 => {
                let n = if chance(u, 25, 100)? {
                    0
                } else {
                    const_value(u, hints)?
                };
                self.ldx_imm(n);
                self.alu(BPF_ALU | BPF_DIV | BPF_X, 0);
            }
            6 => self.alu(NEG, 0),
            7 => {
                let k = if chance(u, 30, 100)? {
                    ret_value(u)?
                } else {
                    const_value(u, hints)?
                };
                self.alu(LD_IMM, k);
            }
            8 => {
                let k = const_value(u, hints)?;
                self.ldx_imm(k);
            }
            9 => {
                if chance(u, 50, 100)? {
                    self.alu(LD_LEN, 0);
                } else {
                    self.push(Insn::stmt(LDX_LEN, 0));
                    self.x_const = Some(SECCOMP_DATA_SIZE);
                }
            }
            10 => {
                if chance(u, 50, 100)? {
                    self.push(Insn::stmt(TAX, 0));
                    self.x_const = None;
                } else {
                    self.alu(TXA, 0);
                }
            }
            11 => {
                let k = pick(u, &[0u32, 0, 1, 2, 3, 7, 8, 14, 15, 15])?;
                let code = if chance(u, 60, 100)? { ST } else { STX };
                self.push(Insn::stmt(code, k));
            }
            12 => self.load_mem(u)?,
            13 => {
                let insn = if chance(u, 30, 100)? {
                    Insn::stmt(RET_A, 0)
                } else {
                    Insn::stmt(RET_K, ret_value(u)?)
                };
                self.push(insn);
            }
            14 => {
                let k = self.jump_off(u, usize::MAX)?;
                self.push(Insn::stmt(JA, k as u32));
            }
            15 if room >= 4 => {
                // errno (or trap data) taken from an argument: realistic RET A values.
                let off = 16 + 4 * u.int_in_range(0..=11u32)?;
                self.push(Insn::stmt(LD_ABS, off));
                let mask = pick(u, &[0xfffu32, 0xffff, 0xff, 0x7fff_ffff])?;
                self.alu(BPF_ALU | BPF_AND | BPF_K, mask);
                let base = pick(
                    u,
                    &[
                        SECCOMP_RET_ERRNO,
                        SECCOMP_RET_ERRNO,
                        SECCOMP_RET_TRAP,
                        SECCOMP_RET_TRACE,
                        SECCOMP_RET_ALLOW,
                    ],
                )?;
                self.alu(BPF_ALU | BPF_OR | BPF_K, base);
                self.push(Insn::stmt(RET_A, 0));
            }
            16 if room >= 5 => self.quirk(u, hints)?,
            _ => self.ld_abs(u)?,
        }
        Ok(())
    }
}

/// The byte offset of a `seccomp_data` word: nr and arch most often, then the
/// instruction pointer words, then every argument word.
fn field_offset(u: &mut Unstructured) -> Result<u32> {
    Ok(match u.int_in_range(0..=99u32)? {
        0..=29 => 0,
        30..=44 => 4,
        45..=52 => 8,
        53..=59 => 12,
        _ => 16 + 4 * u.int_in_range(0..=11u32)?,
    })
}

/// A valid-by-construction program of exactly `n >= 1` instructions: forward jumps
/// within range, loads of written cells (mostly), and a final return.
pub(crate) fn body(
    u: &mut Unstructured,
    cfg: &GenConfig,
    hints: &mut Hints,
    n: usize,
) -> Result<Vec<Insn>> {
    let n = n.max(1);
    let mut b = Body {
        cfg,
        n,
        out: Vec::with_capacity(n),
        masks: vec![0xffff; n],
        memvalid: 0,
        a_field: None,
        x_const: Some(0),
    };
    while b.pc() < n - 1 {
        b.item(u, hints)?;
    }
    let last = if chance(u, 40, 100)? {
        Insn::stmt(RET_A, 0)
    } else {
        Insn::stmt(RET_K, ret_value(u)?)
    };
    b.push(last);
    b.out.truncate(n);
    Ok(b.out)
}

/// A program of exactly `total` instructions: a short structured core plus filler
/// (jumped over, harmless at the start, or dead code after the core's return).
fn padded(
    u: &mut Unstructured,
    cfg: &GenConfig,
    hints: &mut Hints,
    total: usize,
) -> Result<Vec<Insn>> {
    let core_n = u.int_in_range(2..=40usize)?.min(total);
    let core = body(u, cfg, hints, core_n)?;
    let fill = total - core.len();
    let mut r = SplitMix64::new(u.arbitrary::<u64>()?);
    let mut out = Vec::with_capacity(total);
    match u.int_in_range(0..=2u32)? {
        0 if fill >= 1 => {
            out.push(Insn::stmt(JA, (fill - 1) as u32));
            for _ in 1..fill {
                out.push(dead_filler(&mut r));
            }
            out.extend_from_slice(&core);
        }
        1 => {
            for _ in 0..fill {
                out.push(nop_filler(&mut r));
            }
            out.extend_from_slice(&core);
        }
        _ => {
            out.extend_from_slice(&core);
            for _ in 1..fill {
                out.push(dead_filler(&mut r));
            }
            if fill >= 1 {
                out.push(Insn::stmt(RET_K, SECCOMP_RET_ALLOW | (r.below(3) as u32)));
            }
        }
    }
    Ok(out)
}

/// An instruction that changes nothing when A == 0 and X == 0 (the initial state).
fn nop_filler(r: &mut SplitMix64) -> Insn {
    let k = r.next_u64() as u32;
    match r.below(12) {
        0 => Insn::stmt(JA, 0),
        1 => Insn::stmt(LD_IMM, 0),
        2 => Insn::stmt(LDX_IMM, 0),
        3 => Insn::stmt(TAX, 0),
        4 => Insn::stmt(TXA, 0),
        5 => Insn::jump(BPF_JMP | BPF_JEQ | BPF_K, k, 0, 0),
        6 => Insn::jump(BPF_JMP | BPF_JSET | BPF_X, 0, 0, 0),
        7 => Insn::stmt(BPF_ALU | BPF_AND | BPF_K, k),
        8 => Insn::stmt(BPF_ALU | BPF_MUL | BPF_K, k),
        9 => Insn::stmt(BPF_ALU | BPF_LSH | BPF_K, k & 31),
        10 => Insn::stmt(BPF_ALU | BPF_DIV | BPF_K, k.max(1)),
        _ => Insn::stmt(NEG, 0),
    }
}

/// Valid code that never runs (no loads of scratch memory, jumps of offset 0).
fn dead_filler(r: &mut SplitMix64) -> Insn {
    let k = r.next_u64() as u32;
    match r.below(8) {
        0 => Insn::stmt(LD_IMM, k),
        1 => Insn::stmt(LD_ABS, 4 * (k % 16)),
        2 => Insn::stmt(BPF_ALU | BPF_ADD | BPF_K, k),
        3 => Insn::jump(BPF_JMP | BPF_JGT | BPF_K, k, 0, 0),
        4 => Insn::stmt(RET_K, k),
        5 => Insn::stmt(JA, 0),
        6 => Insn::stmt(ST, k % 16),
        _ => Insn::stmt(TAX, 0),
    }
}

/// Make the program (most likely) invalid in one of the ways the kernel checks.
pub(crate) fn mutate(u: &mut Unstructured, prog: &mut Vec<Insn>, hints: &Hints) -> Result<()> {
    if prog.is_empty() {
        prog.push(Insn::stmt(RET_K, SECCOMP_RET_ALLOW));
        return Ok(());
    }
    let n = prog.len();
    // A position before the final return when there is one.
    let pc = u.int_in_range(0..=n.saturating_sub(2))?;
    match u.int_in_range(0..=12u32)? {
        0 | 1 => {
            let code = pick(u, &SECCOMP_REFUSED)?;
            prog[pc] = Insn::stmt(code, 4 * u.int_in_range(0..=15u32)?);
        }
        2 => {
            let code = pick(u, &NOT_ALLOWED)?;
            prog[pc] = Insn::stmt(code, const_value(u, hints)?);
        }
        3 => {
            let k = match u.int_in_range(0..=5u32)? {
                0 | 1 => {
                    let k = u.int_in_range(0..=63u32)?;
                    if k % 4 == 0 {
                        k + 1
                    } else {
                        k
                    }
                }
                2 => pick(u, &[64u32, 68, 72, 128, 0x7fff_fffc])?,
                3 => SKF_AD_OFF + 4 * u.int_in_range(0..=16u32)?,
                4 => pick(u, &[0xffff_ffffu32, 0xffff_fffc, 0xffff_f040, 0xffff_effc])?,
                _ => u.arbitrary::<u32>()?,
            };
            prog[pc] = Insn::stmt(LD_ABS, k);
        }
        4 => prog[pc] = Insn::stmt(BPF_ALU | BPF_DIV | BPF_K, 0),
        5 => {
            let op = pick(u, &[BPF_LSH, BPF_RSH])?;
            let k = pick(u, &[32u32, 33, 63, 64, 255, 0xffff_ffff])?;
            prog[pc] = Insn::stmt(BPF_ALU | op | BPF_K, k);
        }
        6 => {
            let code = pick(u, &[LD_MEM, LDX_MEM, ST, STX])?;
            let k = pick(u, &[16u32, 17, 31, 0xffff_ffff])?;
            prog[pc] = Insn::stmt(code, k);
        }
        7 | 8 => {
            // A jump one past the end (or just past it via ja's u32).
            let past = n - pc - 1;
            let insn = prog[pc];
            prog[pc] = if insn.is_cond_jump() && past <= 255 {
                let mut j = insn;
                if chance(u, 50, 100)? {
                    j.jt = past as u8;
                } else {
                    j.jf = past as u8;
                }
                j
            } else if past <= 255 && chance(u, 50, 100)? {
                let op = pick(u, &JMP_OPS)?;
                let (a, b) = if chance(u, 50, 100)? {
                    (past as u8, 0)
                } else {
                    (0, past as u8)
                };
                Insn::jump(BPF_JMP | op | BPF_K, const_value(u, hints)?, a, b)
            } else {
                let k = pick(u, &[past as u32, past as u32 + 1, 0xffff_ffff])?;
                Insn::stmt(JA, k)
            };
        }
        9 => {
            let last = n - 1;
            prog[last] = match u.int_in_range(0..=3u32)? {
                0 => Insn::stmt(LD_IMM, 0),
                1 => Insn::stmt(JA, 0),
                2 => Insn::stmt(0x0e, 0),
                _ => Insn::stmt(TAX, 0),
            };
        }
        10 => {
            let code = pick(u, &[LD_MEM, LDX_MEM])?;
            prog[pc] = Insn::stmt(code, u.int_in_range(0..=15u32)?);
        }
        11 => prog[pc].k = const_value(u, hints)?,
        _ => {
            let code = u.int_in_range(0..=0xb2u16)?;
            prog[pc] = Insn::new(code, u.arbitrary()?, u.arbitrary()?, const_value(u, hints)?);
        }
    }
    Ok(())
}

/// Fields the kernel ignores: k of TAX/TXA/NEG/RET A and of X-form ALU/jumps, jt/jf of
/// everything but conditional jumps (kernel facts §2.2). Keeps the program's verdict.
fn noise(u: &mut Unstructured, prog: &mut [Insn]) -> Result<()> {
    if prog.is_empty() {
        return Ok(());
    }
    for _ in 0..u.int_in_range(1..=3u32)? {
        let pc = u.int_in_range(0..=prog.len() - 1)?;
        let insn = &mut prog[pc];
        let ignores_k = matches!(insn.code, TAX | TXA | NEG | RET_A)
            || (insn.class() == BPF_ALU && insn.src() == BPF_X)
            || (insn.is_cond_jump() && insn.src() == BPF_X);
        if ignores_k {
            insn.k = u.arbitrary()?;
        }
        if !insn.is_cond_jump() {
            insn.jt = u.arbitrary()?;
            insn.jf = u.arbitrary()?;
        }
    }
    Ok(())
}
