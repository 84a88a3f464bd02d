//! `explain`: the complete, exact partition of the input space of a filter or a stack,
//! per arch and per syscall, with a verified witness input for every region.
//!
//! Built on the [`engine`]: each filter's leaves (regions with their return
//! value), intersected product-wise for a stack. For each arch the filter compares `arch`
//! with (and "any other arch"), every nr below the table limit (512..4096, as the
//! prepared form's table) whose outcome differs from the most common one is listed on
//! its own; all other nrs (including every nr above the limit) form the default, whose
//! regions carry their exact nr condition where it matters.

use super::bdd::{Bdd, Manager, EMPTY, FULL};
use super::budget::{Budget, Exhausted, Meter};
use super::condition::{Condition, Operand};
use super::engine::{self, data_of_words, Leaf, Region};
use super::render;
use crate::consts::{AUDIT_ARCH_X86_64, X32_SYSCALL_BIT};
use crate::program::VerifiedProgram;
use crate::seccomp::action::RetValue;
use crate::seccomp::arch::Arch;
use crate::seccomp::data::{SeccompData, DATA_WORDS};
use crate::seccomp::profile::KernelProfile;
use crate::Endian;
#[cfg(feature = "json")]
use serde_json::{json, Value};
use std::collections::HashMap;

/// One region of an explanation.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RegionExplain {
    /// The value returned (`None`: computed from the input, see `value`).
    pub ret: Option<u32>,
    /// For `ret a` of input bits: the value as an expression over one input word
    /// (`args[0].lo & 0xffffff`), when it is one.
    pub value: Option<String>,
    /// True when the condition over-approximates the inputs (arithmetic on data).
    pub approx: bool,
    /// The exact condition ([`Condition::True`] when there is none); its `Display` is
    /// the text explain prints.
    pub condition: Condition,
    /// An input in the region on which the filter(s) return `ret` (checked with
    /// [`crate::vm::run`]); `None` only for approximate regions where none was found.
    pub witness: Option<SeccompData>,
}

/// The outcome of one nr (or of the default: every nr not listed).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SyscallExplain {
    /// The nr (`None` for the default).
    pub nr: Option<u32>,
    /// Its name on this arch, if known.
    pub name: Option<&'static str>,
    /// Every return value an input with this nr can get, each once, most restrictive
    /// first: ordered by the kernel's precedence ([`RetValue::precedence`]: KILL_PROCESS
    /// first, ALLOW last), values of one action in the order of their regions. A value
    /// the filter computes from the data (`ret a`) is not listed: its regions have
    /// `ret: None` (the JSON lists it as `COMPUTED`).
    pub actions: Vec<RetValue>,
    /// The regions, disjoint (unless approximate).
    pub regions: Vec<RegionExplain>,
    /// nrs with the same group have the same outcome.
    pub group: usize,
}

/// The explanation for one arch value (or every other arch).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ArchExplain {
    /// The AUDIT_ARCH value, `None` for "any other arch".
    pub arch: Option<u32>,
    /// For "any other arch" whose conditions name ip or args words: the byte order of
    /// the arches it covers (split on `arch & __AUDIT_ARCH_LE`), which decides whether
    /// the word at offset 16 is `args[0].lo` or `args[0].hi`. `None` otherwise.
    pub byte_order: Option<Endian>,
    /// True for the block of x32 numbers (nr >= `__X32_SYSCALL_BIT`) under
    /// AUDIT_ARCH_X86_64, named with x32's table: a filter that tells x32 syscalls apart
    /// gets this block, and its x86_64 block then holds only the numbers below the bit.
    pub x32: bool,
    /// Syscalls whose outcome differs from the default, by nr.
    pub syscalls: Vec<SyscallExplain>,
    /// Every other nr.
    pub default: SyscallExplain,
}

/// The explanation of a filter or stack.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Explanation {
    /// Per arch class.
    pub arches: Vec<ArchExplain>,
    /// True when some region is approximate.
    pub approximate: bool,
    /// The limit that ran out, when the analysis went over its budget (then the regions
    /// it joined are approximate).
    pub budget_spent: Option<Exhausted>,
    /// The budget the analysis ran with.
    pub budget: Budget,
}

/// Size of the per-nr table (as the prepared form of a filter sizes its own).
pub fn nr_limit(small_consts: impl IntoIterator<Item = u32>) -> u32 {
    let max = small_consts.into_iter().max().unwrap_or(0);
    (max + 2).clamp(512, 4096)
}

/// The leaves of a stack and its arch keys and nr limit.
pub fn stack_analysis(stack: &[VerifiedProgram], m: &mut Manager) -> (Vec<Leaf>, Vec<u32>, u32) {
    stack_analysis_with(stack, m, &mut Meter::new(&Budget::default()))
}

/// [`stack_analysis`] counting against `meter`.
pub fn stack_analysis_with(
    stack: &[VerifiedProgram],
    m: &mut Manager,
    meter: &mut Meter,
) -> (Vec<Leaf>, Vec<u32>, u32) {
    let analyses: Vec<_> = stack
        .iter()
        .map(|p| engine::analyze_with(p, m, Region::full(), meter))
        .collect();
    let mut keys = Vec::new();
    for a in &analyses {
        for &k in &a.arch_keys {
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
    }
    let limit = nr_limit(analyses.iter().flat_map(|a| a.small_consts.iter().copied()));
    (engine::stack_leaves_with(&analyses, m, meter), keys, limit)
}

/// (value, approximate, region words, the bits of a `ret a` value over input bits).
type Key = (Option<u32>, bool, [Bdd; DATA_WORDS], Option<[u16; 32]>);

/// Merge entries with equal value whose regions differ in one word; `None` when `meter`
/// runs out first (never when `coarse`).
fn merge_entries(
    m: &mut Manager,
    mut v: Vec<Key>,
    meter: &mut Meter,
    coarse: bool,
) -> Option<Vec<Key>> {
    let mut out: Vec<Key> = Vec::new();
    v.sort();
    v.dedup();
    'next: for e in v {
        if !coarse && meter.over(m.bytes()) {
            return None;
        }
        for o in out.iter_mut() {
            if o.0 != e.0 || o.1 != e.1 || o.3 != e.3 {
                continue;
            }
            let mut diffs = (0..DATA_WORDS).filter(|&w| o.2[w] != e.2[w]);
            match (diffs.next(), diffs.next()) {
                (None, _) => continue 'next,
                (Some(w), None) => {
                    o.2[w] = m.or(o.2[w], e.2[w]);
                    continue 'next;
                }
                _ => {}
            }
        }
        out.push(e);
    }
    Some(out)
}

/// Explain `stack` (install order, oldest first; one filter is a stack of one; an empty
/// stack allows everything). With `only_arch`, explain that arch value only. Within the
/// default [`Budget`].
///
/// ```
/// use secbpf::{asm, verify, vm, analysis::explain::{explain, to_text}, seccomp::{Arch, RetValue}};
///
/// let filter = verify::check(&asm::assemble(
///     "ld [arch]\njne #AUDIT_ARCH_X86_64, kill\nld [nr]\njne #__NR_mmap, ok\n\
///      ld [args[2]]\njset #4, kill\nok: ret #ALLOW\nkill: ret #KILL_PROCESS\n",
/// )?)?;
/// let stack = [filter];
/// let ex = explain(&stack, Some(Arch::x86_64().audit));
/// assert!(!ex.approximate);
/// let mmap = &ex.arches[0].syscalls[0];
/// assert_eq!(mmap.name, Some("mmap"));
/// assert_eq!(mmap.actions, [RetValue::KILL_PROCESS, RetValue::ALLOW]); // by precedence
/// assert_eq!(
///     to_text(&ex),
///     "arch x86_64 (0xc000003e):\n  mmap:\n    ALLOW  if (args[2].lo & 4) == 0\n    \
///      KILL_PROCESS  otherwise\n  all other syscalls: ALLOW\n",
/// );
///
/// // Every region carries an input that really gets its value.
/// for region in &mmap.regions {
///     let witness = region.witness.ok_or("no witness")?;
///     assert_eq!(Some(vm::run(&stack[0], &witness).ret.raw()), region.ret);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn explain(stack: &[VerifiedProgram], only_arch: Option<u32>) -> Explanation {
    explain_with(stack, only_arch, &Budget::default())
}

/// [`explain`] within `budget`: past it, regions are joined per value and marked
/// approximate (and [`Explanation::budget_spent`] says which limit ran out).
pub fn explain_with(
    stack: &[VerifiedProgram],
    only_arch: Option<u32>,
    budget: &Budget,
) -> Explanation {
    let mut meter = Meter::new(budget);
    let mut m = Manager::new();
    let (leaves, keys, limit) = stack_analysis_with(stack, &mut m, &mut meter);
    let mut classes: Vec<(Option<u32>, Bdd, Option<Endian>)> = Vec::new();
    match only_arch {
        Some(a) => {
            let p = m.point(a);
            classes.push((Some(a), p, None));
        }
        None => {
            let mut all = EMPTY;
            for &k in &keys {
                let p = m.point(k);
                all = m.or(all, p);
                classes.push((Some(k), p, None));
            }
            let other = m.not(all);
            // Word names depend on the byte order: split the other arches on it when a
            // condition or a `ret a` value there names ip or args words.
            let names_data = |l: &Leaf| {
                render::constrains_data(&l.region)
                    || l.ret_bits
                        .is_some_and(|b| b.iter().any(|&x| x >= 2 + 2 * 32))
            };
            let named = leaves
                .iter()
                .any(|l| names_data(l) && m.and(l.region.words[1], other) != EMPTY);
            if named {
                for (order, bit) in [(Endian::Little, LE_BIT), (Endian::Big, 0)] {
                    let half = m.masked(LE_BIT, bit);
                    let set = m.and(other, half);
                    if set != EMPTY {
                        classes.push((None, set, Some(order)));
                    }
                }
            } else {
                classes.push((None, other, None));
            }
        }
    }
    let mut approximate = false;
    let mut arches = Vec::new();
    let mut halves = Vec::new();
    for (label, cset, order) in classes {
        if label == Some(AUDIT_ARCH_X86_64) && tells_x32_apart(&mut m, &leaves, cset) {
            let high = m.ge(X32_SYSCALL_BIT);
            let low = m.not(high);
            halves.push((label, cset, order, low, false));
            halves.push((label, cset, order, high, true));
        } else {
            halves.push((label, cset, order, FULL, false));
        }
    }
    for (label, cset, order, nrs, x32) in halves {
        let class = Class {
            label,
            cset,
            order,
            // x32's own numbers run past 512 (rt_sigaction is 512 | the bit).
            limit: if x32 { limit.max(X32_LIMIT) } else { limit },
            nrs,
            x32,
        };
        let mut ex = loop {
            let coarse = meter.spent().is_some();
            if let Some(ex) = explain_class(stack, &mut m, &leaves, &class, &mut meter, coarse) {
                break ex;
            }
        };
        ex.byte_order = order;
        ex.x32 = x32;
        approximate |= ex
            .syscalls
            .iter()
            .chain([&ex.default])
            .any(|s| s.regions.iter().any(|r| r.approx));
        arches.push(ex);
    }
    Explanation {
        arches,
        approximate,
        budget_spent: meter.spent(),
        budget: *budget,
    }
}

/// The entries (each with its condition on nr and arch) as regions. Exact entries of one
/// value that differ only in the two words of one 64-bit field are one region when
/// their union is a few 64-bit intervals (`args[2] > 3`, not a line per half-word).
fn regions_of(
    stack: &[VerifiedProgram],
    m: &mut Manager,
    entries: Vec<(Key, Vec<Condition>)>,
    arch_label: Option<u32>,
    tries: usize,
) -> Vec<RegionExplain> {
    let mut out = Vec::new();
    let mut used = vec![false; entries.len()];
    for i in 0..entries.len() {
        if used[i] {
            continue;
        }
        let (e, extra) = &entries[i];
        let same: Vec<usize> = (i..entries.len())
            .filter(|&j| {
                let (f, x) = &entries[j];
                !used[j] && (f.0, f.1, f.3) == (e.0, e.1, e.3) && x == extra
            })
            .collect();
        if same.len() >= 2 && !e.1 {
            let arch = arch_label.unwrap_or_else(|| m.min(e.2[1]).unwrap_or(0));
            let boxes: Vec<[Bdd; DATA_WORDS]> = same.iter().map(|&j| entries[j].0 .2).collect();
            if let Some((lo, hi, text)) = render::union64(m, &boxes, arch) {
                for &j in &same {
                    used[j] = true;
                }
                let mut r = region_explain(stack, m, e, arch_label, Vec::new(), tries);
                let mut rest = *e;
                rest.2[lo] = FULL;
                rest.2[hi] = FULL;
                let region = Region {
                    words: rest.2,
                    approx: false,
                };
                let mut parts = extra.clone();
                parts.extend(render::data_words(m, &region, arch));
                parts.push(text);
                r.condition = Condition::all(parts);
                out.push(r);
                continue;
            }
        }
        used[i] = true;
        out.push(region_explain(
            stack,
            m,
            e,
            arch_label,
            extra.clone(),
            tries,
        ));
    }
    out
}

fn region_explain(
    stack: &[VerifiedProgram],
    m: &mut Manager,
    e: &Key,
    arch_label: Option<u32>,
    extra: Vec<Condition>,
    tries: usize,
) -> RegionExplain {
    let region = Region {
        words: e.2,
        approx: e.1,
    };
    let arch_for_order = arch_label.unwrap_or_else(|| m.min(e.2[1]).unwrap_or(0));
    let mut parts = extra;
    parts.extend(render::data_words(m, &region, arch_for_order));
    let w = engine::witness_tries(stack, m, &region, e.0, tries);
    RegionExplain {
        ret: e.0,
        value: e.3.and_then(|b| symbolic_value(&b, arch_for_order)),
        approx: e.1,
        condition: Condition::all(parts),
        witness: w.map(|w| data_of_words(&w)),
    }
}

/// `ret a` bits as `(word >> s) & mask` over one input word, named for the byte order of
/// `arch` (as [`crate::seccomp::data::Field::for_arch`] names it); `None` when the bits
/// come from several words, in another order, or are constant.
fn symbolic_value(bits: &[u16; 32], arch: u32) -> Option<String> {
    use crate::seccomp::data::Field;
    let mut word = None;
    let mut shift: Option<i32> = None;
    let mut mask = 0u32;
    let mut ones = 0u32;
    for (j, &b) in bits.iter().enumerate() {
        match b {
            0 => {}
            1 => ones |= 1 << j,
            _ => {
                let (w, i) = ((b - 2) / 32, i32::from((b - 2) % 32));
                if word.is_some_and(|x| x != w) || shift.is_some_and(|s| s != i - j as i32) {
                    return None;
                }
                word = Some(w);
                shift = Some(i - j as i32);
                mask |= 1 << j;
            }
        }
    }
    let (w, s) = (word?, shift?);
    let name = match Field::for_arch(u32::from(w) * 4, Some(arch))? {
        Field::Nr => "nr".to_string(),
        Field::Arch => "arch".to_string(),
        Field::InstructionPointer { high } => format!("ip.{}", if high { "hi" } else { "lo" }),
        Field::Arg { index, high } => {
            format!("args[{index}].{}", if high { "hi" } else { "lo" })
        }
    };
    let shifted = match s {
        0 => name,
        s if s > 0 => format!("({name} >> {s})"),
        s => format!("({name} << {})", -s),
    };
    let mut e = if mask == u32::MAX {
        shifted
    } else {
        format!("{shifted} & {mask:#x}")
    };
    if ones != 0 {
        e = format!("({e}) | {ones:#x}");
    }
    Some(e)
}

fn actions(regions: &[RegionExplain]) -> Vec<RetValue> {
    let mut v: Vec<RetValue> = regions.iter().filter_map(|r| r.ret.map(RetValue)).collect();
    v.sort_by_key(|x| x.precedence());
    let mut out: Vec<RetValue> = Vec::new();
    for x in v {
        if !out.contains(&x) {
            out.push(x);
        }
    }
    out
}

/// The actions as the JSON lists them: as secbpf prints them, with `COMPUTED` where
/// regions return a computed value, placed where the precedence key of 0xffffffff falls.
#[cfg(feature = "json")]
fn action_names(s: &SyscallExplain) -> Vec<String> {
    let mut out: Vec<String> = s.actions.iter().map(RetValue::to_string).collect();
    if s.regions.iter().any(|r| r.ret.is_none()) {
        let key = RetValue(u32::MAX).precedence();
        let at = s
            .actions
            .iter()
            .take_while(|x| x.precedence() <= key)
            .count();
        out.insert(at, "COMPUTED".to_string());
    }
    out
}

/// One value's entries joined into one (approximate when more than one was joined).
fn coarsen(m: &mut Manager, v: Vec<Key>) -> Vec<Key> {
    let mut out: Vec<Key> = Vec::new();
    for e in v {
        match out.iter_mut().find(|o| o.0 == e.0 && o.3 == e.3) {
            Some(o) => {
                if o.2 != e.2 {
                    for w in 0..DATA_WORDS {
                        o.2[w] = m.or(o.2[w], e.2[w]);
                    }
                    o.1 = true;
                }
                o.1 |= e.1;
            }
            None => out.push(e),
        }
    }
    out
}

/// True when the filter tells x32 syscalls apart under AUDIT_ARCH_X86_64 (values of
/// `cset`): some leaf holds some but not all numbers with `__X32_SYSCALL_BIT` and up.
/// Then explain gives x32 numbers a block of their own, named with x32's table.
fn tells_x32_apart(m: &mut Manager, leaves: &[Leaf], cset: Bdd) -> bool {
    let high = m.ge(X32_SYSCALL_BIT);
    leaves.iter().any(|l| {
        let a = m.and(l.region.words[1], cset);
        let h = m.and(l.region.words[0], high);
        a != EMPTY && h != EMPTY && h != high
    })
}

/// How many x32 numbers (above `__X32_SYSCALL_BIT`) are listed at least: x32's table
/// ends below 1024.
const X32_LIMIT: u32 = 1024;

/// `__AUDIT_ARCH_LE`: set in the AUDIT_ARCH value of little-endian arches.
const LE_BIT: u32 = 0x4000_0000;

/// One arch class of an explanation.
struct Class {
    /// The arch value, `None` for other arches.
    label: Option<u32>,
    /// The arch values it covers.
    cset: Bdd,
    /// Their byte order when the other arches were split on it.
    order: Option<Endian>,
    /// The nr table size.
    limit: u32,
    /// The syscall numbers the class covers: every one, or one side of
    /// `__X32_SYSCALL_BIT` under AUDIT_ARCH_X86_64.
    nrs: Bdd,
    /// True for the x32 side: its first numbers are listed (`X32_SYSCALL_BIT` up to the
    /// limit above it) and named with x32's table.
    x32: bool,
}

/// The explanation of one arch class; `None` when `meter` ran out and `coarse` was
/// false (the caller retries with `coarse`, whose work is linear in the values).
fn explain_class(
    stack: &[VerifiedProgram],
    m: &mut Manager,
    leaves: &[Leaf],
    class: &Class,
    meter: &mut Meter,
    coarse: bool,
) -> Option<ArchExplain> {
    let (label, cset, limit) = (class.label, class.cset, class.limit);
    // The arch whose byte order names the words: the label, or a member of the half.
    let order_arch = label.or(match class.order {
        Some(Endian::Little) => Some(LE_BIT),
        Some(Endian::Big) => Some(0),
        None => None,
    });
    let arch_ref = if class.x32 {
        Arch::by_name("x32")
    } else {
        label.and_then(Arch::by_audit)
    };
    // The listed numbers are `base..base + limit`.
    let base = if class.x32 { X32_SYSCALL_BIT } else { 0 };
    let tries = if coarse { 4 } else { 64 };
    let spent = |m: &Manager, meter: &mut Meter| !coarse && meter.over(m.bytes());
    // Leaves restricted to the class.
    let mut inside: Vec<Key> = Vec::new();
    for l in leaves {
        let a = m.and(l.region.words[1], cset);
        let n = m.and(l.region.words[0], class.nrs);
        if a != EMPTY && n != EMPTY {
            let mut w = l.region.words;
            w[1] = a;
            w[0] = n;
            inside.push((l.ret, l.region.approx, w, l.ret_bits));
        }
    }
    if coarse {
        inside = coarsen(m, inside);
    }
    // Per nr below the limit: the entries containing it.
    let mut per_nr: Vec<Vec<usize>> = vec![Vec::new(); limit as usize];
    for (i, e) in inside.iter().enumerate() {
        if spent(m, meter) {
            return None;
        }
        for nr in m.members_in(e.2[0], base, base + limit) {
            per_nr[(nr - base) as usize].push(i);
        }
    }
    let mut groups: HashMap<Vec<Key>, usize> = HashMap::new();
    let mut group_entries: Vec<Vec<Key>> = Vec::new();
    let mut nr_group = vec![0usize; limit as usize];
    let mut counts: Vec<usize> = Vec::new();
    // Most nrs are in the same entries: merge each distinct list once.
    let mut by_list: HashMap<Vec<usize>, Vec<Key>> = HashMap::new();
    for nr in 0..limit {
        if spent(m, meter) {
            return None;
        }
        let list = &per_nr[nr as usize];
        let sig = match by_list.get(list) {
            Some(s) => s.clone(),
            None => {
                let sig: Vec<Key> = list
                    .iter()
                    .map(|&i| {
                        let mut e = inside[i];
                        e.2[0] = FULL;
                        e
                    })
                    .collect();
                let sig = merge_entries(m, sig, meter, coarse)?;
                by_list.insert(list.clone(), sig.clone());
                sig
            }
        };
        let next = groups.len();
        let g = *groups.entry(sig.clone()).or_insert(next);
        if g == next {
            group_entries.push(sig);
            counts.push(0);
        }
        counts[g] += 1;
        nr_group[nr as usize] = g;
    }
    let default_group = (0..counts.len())
        .rev()
        .max_by_key(|&g| counts[g])
        .unwrap_or(0);
    let arch_cond = |m: &mut Manager, a: Bdd| -> Option<Condition> {
        if label.is_some() || a == cset {
            None
        } else {
            render::word_dont_care(m, a, cset, FULL, Operand::Arch)
        }
    };
    let mut listed = EMPTY;
    let mut syscalls = Vec::new();
    let mut rendered: HashMap<usize, Vec<Key>> = HashMap::new();
    for i in 0..limit {
        let g = nr_group[i as usize];
        if g == default_group {
            continue;
        }
        if spent(m, meter) {
            return None;
        }
        let nr = base + i;
        let p = m.point(nr);
        listed = m.or(listed, p);
        let entries = rendered
            .entry(g)
            .or_insert_with(|| group_entries[g].clone())
            .clone();
        let mut pieces = Vec::new();
        for mut e in entries {
            e.2[0] = p;
            let extra: Vec<Condition> = arch_cond(m, e.2[1]).into_iter().collect();
            pieces.push((e, extra));
        }
        let regions = regions_of(stack, m, pieces, order_arch, tries);
        syscalls.push(SyscallExplain {
            nr: Some(nr),
            name: arch_ref
                .and_then(|a| a.syscall_name(nr))
                .map(|n| n.trim_start_matches("r#")),
            actions: actions(&regions),
            regions,
            group: g,
        });
    }
    // The default: every nr of the class not listed.
    let d = m.diff(class.nrs, listed);
    let mut dentries = Vec::new();
    for e in &inside {
        let nr = m.and(e.2[0], d);
        if nr != EMPTY {
            let mut e = *e;
            e.2[0] = nr;
            dentries.push(e);
        }
    }
    let dentries = merge_entries(m, dentries, meter, coarse)?;
    let mut pieces = Vec::new();
    for e in dentries {
        let mut extra: Vec<Condition> =
            render::word_dont_care(m, e.2[0], d, class.nrs, Operand::Nr)
                .into_iter()
                .collect();
        extra.extend(arch_cond(m, e.2[1]));
        pieces.push((e, extra));
    }
    let regions = regions_of(stack, m, pieces, order_arch, tries);
    Some(ArchExplain {
        arch: label,
        byte_order: None,
        x32: class.x32,
        syscalls,
        default: SyscallExplain {
            nr: None,
            name: None,
            actions: actions(&regions),
            regions,
            group: default_group,
        },
    })
}

fn arch_label(a: Option<u32>) -> String {
    match a {
        Some(v) => match Arch::by_audit(v) {
            Some(x) => x.name.to_string(),
            None => format!("{v:#x}"),
        },
        None => "other".to_string(),
    }
}

fn action_text(r: &RegionExplain, over_budget: bool) -> String {
    let mut s = match (r.ret, &r.value) {
        (Some(x), _) => RetValue(x).to_string(),
        (None, Some(v)) => format!("the value {v} (ret a)"),
        (None, None) => "a value computed from the input (ret a)".to_string(),
    };
    if r.approx && over_budget {
        s += " (approximate: the condition over-approximates)";
    } else if r.approx {
        s += " (approximate: arithmetic on data; the condition over-approximates)";
    }
    s
}

fn outcome_lines(out: &mut String, head: &str, regions: &[RegionExplain], over_budget: bool) {
    match regions {
        [only] if only.condition == Condition::True => {
            out.push_str(&format!("  {head}: {}\n", action_text(only, over_budget)));
        }
        _ => {
            out.push_str(&format!("  {head}:\n"));
            let rest = otherwise(regions);
            for r in regions {
                if rest.is_some_and(|k| same_action(r, k)) {
                    continue;
                }
                out.push_str(&format!(
                    "    {}  if {}\n",
                    action_text(r, over_budget),
                    r.condition
                ));
            }
            if let Some(r) = rest {
                out.push_str(&format!("    {}  otherwise\n", action_text(r, over_budget)));
            }
        }
    }
}

fn same_action(a: &RegionExplain, b: &RegionExplain) -> bool {
    (a.ret, &a.value, a.approx) == (b.ret, &b.value, b.approx)
}

/// The action the text writes as "otherwise" for a syscall's regions: the one whose
/// conditions are the longest to write (the later one on a tie), when there are two
/// actions or more and every
/// region is exact (the regions of an exact explanation are disjoint and cover the
/// syscall, so what the other lines leave is exactly that action's).
fn otherwise(regions: &[RegionExplain]) -> Option<&RegionExplain> {
    if regions.iter().any(|r| r.approx) {
        return None;
    }
    let mut best: Option<(&RegionExplain, usize)> = None;
    let mut kinds = 0;
    for (i, r) in regions.iter().enumerate() {
        if regions[..i].iter().any(|q| same_action(q, r)) {
            continue;
        }
        kinds += 1;
        let len: usize = regions
            .iter()
            .filter(|q| same_action(q, r))
            .map(|q| q.condition.to_string().len() + 12)
            .sum();
        if best.is_none_or(|(_, l)| len >= l) {
            best = Some((r, len));
        }
    }
    (kinds >= 2).then_some(best?.0)
}

/// The names of a group of syscalls as the text shows them: names where the arch's table
/// has one, and runs of three or more consecutive unnamed numbers as one range
/// (`nr 337-423`) instead of one item each.
fn member_names(members: &[&SyscallExplain]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut run: Option<(u32, u32)> = None;
    let num = crate::num::nr_text;
    let flush = |run: &mut Option<(u32, u32)>, out: &mut Vec<String>| match run.take() {
        Some((lo, hi)) if hi - lo >= 2 => out.push(format!("nr {}-{}", num(lo), num(hi))),
        Some((lo, hi)) => out.extend((lo..=hi).map(|n| format!("nr {}", num(n)))),
        None => {}
    };
    for t in members {
        match (t.name, t.nr) {
            (None, Some(nr)) => match run {
                Some((lo, hi)) if hi.checked_add(1) == Some(nr) => run = Some((lo, nr)),
                _ => {
                    flush(&mut run, &mut out);
                    run = Some((nr, nr));
                }
            },
            (name, _) => {
                flush(&mut run, &mut out);
                out.push(name.unwrap_or_default().to_string());
            }
        }
    }
    flush(&mut run, &mut out);
    out
}

/// The explanation as text: one block per arch, syscalls with the same outcome grouped.
/// Notes name the native x86_64 syscalls the newest known kernel never filters
/// ([`to_text_in`] for another release).
pub fn to_text(ex: &Explanation) -> String {
    to_text_in(ex, &KernelProfile::NEWEST)
}

/// Every return value the explanation shows (exact ones), in first-seen order.
pub fn values(ex: &Explanation) -> Vec<RetValue> {
    let mut v: Vec<RetValue> = Vec::new();
    for a in &ex.arches {
        for r in a
            .syscalls
            .iter()
            .chain([&a.default])
            .flat_map(|s| &s.regions)
        {
            if let Some(x) = r.ret.map(RetValue) {
                if !v.contains(&x) {
                    v.push(x);
                }
            }
        }
    }
    v
}

/// [`to_text`] as kernel release `kernel` runs the filters: the note on native
/// `uretprobe`/`uprobe` names what that release exempts
/// ([`KernelProfile::exempt_syscalls`]). The values are the filters' own; how that
/// release reads each of them is [`KernelProfile::action_note`].
pub fn to_text_in(ex: &Explanation, kernel: &KernelProfile) -> String {
    let exempt_nrs = kernel.exempt_syscalls();
    let mut out = String::new();
    for a in &ex.arches {
        let split = a.arch == Some(AUDIT_ARCH_X86_64)
            && ex.arches.iter().any(|b| b.x32 && b.arch == a.arch);
        match (a.arch, a.byte_order) {
            (Some(v), _) if a.x32 => out.push_str(&format!(
                "arch {} ({v:#x}), x32 syscalls (nr >= {X32_SYSCALL_BIT:#x}, named as x32):\n",
                arch_label(a.arch)
            )),
            (Some(v), _) if split => out.push_str(&format!(
                "arch {} ({v:#x}), nr < {X32_SYSCALL_BIT:#x}:\n",
                arch_label(a.arch)
            )),
            (Some(v), _) => out.push_str(&format!("arch {} ({v:#x}):\n", arch_label(a.arch))),
            (None, Some(Endian::Little)) => out.push_str(
                "any other little-endian arch (arch & 0x40000000 set; args[i].lo is the word at offset 16 + 8i):\n",
            ),
            (None, Some(Endian::Big)) => out.push_str(
                "any other big-endian arch (arch & 0x40000000 clear; args[i].hi is the word at offset 16 + 8i):\n",
            ),
            (None, None) => out.push_str("any other arch:\n"),
        }
        let mut seen: Vec<usize> = Vec::new();
        for s in &a.syscalls {
            if seen.contains(&s.group) {
                continue;
            }
            seen.push(s.group);
            let members: Vec<&SyscallExplain> =
                a.syscalls.iter().filter(|t| t.group == s.group).collect();
            let names = member_names(&members);
            let mut head = String::new();
            let mut line_len = 0;
            for (i, n) in names.iter().enumerate() {
                if i > 0 {
                    head.push(',');
                    if line_len + n.len() > 90 {
                        head.push_str("\n   ");
                        line_len = 0;
                    }
                    head.push(' ');
                }
                head.push_str(n);
                line_len += n.len() + 2;
            }
            outcome_lines(&mut out, &head, &s.regions, ex.budget_spent.is_some());
            if a.arch == Some(AUDIT_ARCH_X86_64) && !a.x32 {
                let exempt: Vec<String> = members
                    .iter()
                    .filter(|t| t.nr.is_some_and(|nr| exempt_nrs.iter().any(|e| e.0 == nr)))
                    .map(|t| {
                        t.name
                            .map_or(format!("nr {}", t.nr.unwrap_or(0)), str::to_string)
                    })
                    .collect();
                if !exempt.is_empty() {
                    let (verb, pron) = if exempt.len() == 1 {
                        ("reaches", "it runs")
                    } else {
                        ("reach", "they run")
                    };
                    out.push_str(&format!(
                        "    note: native {} never {verb} a filter on {kernel}: {pron} whatever this says\n",
                        exempt.join(" and ")
                    ));
                }
            }
        }
        let head = if a.syscalls.is_empty() {
            "all syscalls"
        } else {
            "all other syscalls"
        };
        outcome_lines(
            &mut out,
            head,
            &a.default.regions,
            ex.budget_spent.is_some(),
        );
    }
    if let Some(spent) = ex.budget_spent {
        out.push_str(&format!(
            "note: {}; past it, regions with the same action were joined and are marked approximate\n",
            super::budget::note(spent, &ex.budget)
        ));
    }
    if ex.approximate && ex.budget_spent.is_none() {
        out.push_str(
            "note: some conditions over-approximate (the filter computes on syscall data); \
             their witnesses were checked by running the filter\n",
        );
    }
    out
}

#[cfg(feature = "json")]
/// A witness as JSON: `{"arch", "nr", "ip", "args"}`.
pub fn witness_json(d: &SeccompData) -> Value {
    json!({"arch": d.arch, "nr": d.nr, "ip": d.instruction_pointer, "args": d.args})
}

#[cfg(feature = "json")]
fn region_json(r: &RegionExplain) -> Value {
    json!({
        "action": r.ret.map_or("COMPUTED".to_string(), |x| RetValue(x).to_string()),
        "ret": r.ret,
        "value": r.value,
        "condition": r.condition.to_string(),
        "condition_tree": r.condition.to_json(),
        "approximate": r.approx,
        "witness": r.witness.as_ref().map(witness_json),
    })
}

#[cfg(feature = "json")]
fn syscall_json(s: &SyscallExplain) -> Value {
    json!({
        "nr": s.nr,
        "name": s.name,
        "actions": action_names(s),
        "regions": s.regions.iter().map(region_json).collect::<Vec<_>>(),
    })
}

#[cfg(feature = "json")]
/// The explanation as the JSON `secbpf explain --json` prints: `{"arches": [{"arch",
/// "audit", "byte_order", "x32", "syscalls": [{"nr", "name", "actions", "regions":
/// [{"action", "ret", "value", "condition", "condition_tree", "approximate", "witness": {"arch", "nr", "ip",
/// "args"}}]}], "default": {...}}], "approximate", "budget_spent"}`.
pub fn to_json(ex: &Explanation) -> Value {
    let arches: Vec<Value> = ex
        .arches
        .iter()
        .map(|a| {
            json!({
                "arch": match a.arch {
                    Some(v) => Arch::by_audit(v).map_or(format!("{v:#x}"), |x| x.name.to_string()),
                    None => "other".to_string(),
                },
                "audit": a.arch,
                "byte_order": a.byte_order.map(|e| match e {
                    Endian::Little => "little",
                    Endian::Big => "big",
                }),
                "x32": a.x32,
                "syscalls": a.syscalls.iter().map(syscall_json).collect::<Vec<_>>(),
                "default": syscall_json(&a.default),
            })
        })
        .collect();
    json!({
        "arches": arches,
        "approximate": ex.approximate,
        "budget_spent": ex.budget_spent.map(|e| e.name()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sys(name: Option<&'static str>, nr: u32) -> SyscallExplain {
        SyscallExplain {
            nr: Some(nr),
            name,
            actions: Vec::new(),
            regions: Vec::new(),
            group: 0,
        }
    }

    #[test]
    fn unnamed_numbers_in_a_row_are_one_range() {
        let m = [
            sys(Some("uprobe"), 336),
            sys(None, 337),
            sys(None, 338),
            sys(None, 339),
            sys(Some("open_tree"), 428),
            sys(None, 470),
            sys(None, 471),
            sys(None, 500),
        ];
        let refs: Vec<&SyscallExplain> = m.iter().collect();
        assert_eq!(
            member_names(&refs),
            [
                "uprobe",
                "nr 337-339",
                "open_tree",
                "nr 470",
                "nr 471",
                "nr 500"
            ]
        );
    }
}
