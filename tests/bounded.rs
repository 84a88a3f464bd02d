//! Issue 14 item 5: the analyses are bounded on every accepted program, exact where the
//! answer is small, and sound (never a false `equivalent`, every input in a region with
//! its true value) when the budget runs out.
//!
//! The programs are the generators: K "jset diamonds" over `args[0]` that OR
//! their bit into `M[0]` and end in `ret #ALLOW` (or `ld M[0]; ret a`), a stack of 32
//! independent four-instruction filters, and an adversary that keeps distinct constants
//! in `M[0]` on regions no product can merge (3^K exact states). Expected values come
//! from the interpreter (`engine::eval`, i.e. `vm::run_words`), which tests/kernel_vectors
//! pins to the live kernel.

use secbpf::analysis::bdd::Manager;
use secbpf::analysis::budget::{Budget, Meter};
use secbpf::analysis::condition::Condition;
use secbpf::analysis::cover::{cover_with, Status};
use secbpf::analysis::diff::diff_with;
use secbpf::analysis::engine;
use secbpf::analysis::explain::{explain, explain_with, stack_analysis_with};
use secbpf::consts::{SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO};
use secbpf::seccomp::data::{SeccompData, DATA_WORDS};
use secbpf::{asm, verify, VerifiedProgram};

fn prog(src: &str) -> VerifiedProgram {
    verify::check(&asm::assemble(src).unwrap()).unwrap()
}

/// The generator: K diamonds, ending in `ret #ALLOW` or `ld M[0]; ret a`.
fn diamonds(k: usize, ret_a: bool) -> VerifiedProgram {
    let mut s = vec!["ld #0".to_string(), "st M[0]".into()];
    for i in 0..k {
        s.push("ld [args[0]]".into());
        s.push(format!("jset #{:#x}, t{i}, n{i}", 1u32 << i));
        s.push(format!("t{i}: ld M[0]"));
        s.push(format!("or #{:#x}", 1u32 << i));
        s.push("st M[0]".into());
        s.push(format!("n{i}: ld #0"));
    }
    if ret_a {
        s.push("ld M[0]".into());
        s.push("ret a".into());
    } else {
        s.push("ret #ALLOW".into());
    }
    prog(&s.join("\n"))
}

/// Two jsets on two words guard an `add` of a distinct constant: the states at each join
/// differ in two words or in carries, so the exact walk has 3^K states.
fn adversary(k: usize) -> VerifiedProgram {
    let mut s = vec!["ld #0".to_string(), "st M[0]".into()];
    for i in 0..k {
        s.push("ld [args[0]]".into());
        s.push(format!("jset #{:#x}, u{i}, n{i}", 1u32 << i));
        s.push(format!("u{i}: ld [args[1]]"));
        s.push(format!("jset #{:#x}, t{i}, n{i}", 1u32 << i));
        s.push(format!("t{i}: ld M[0]"));
        s.push(format!("add #{}", i * i * 7 + 3));
        s.push("st M[0]".into());
        s.push(format!("n{i}: ld #0"));
    }
    s.push("ld M[0]".into());
    s.push("ret a".into());
    prog(&s.join("\n"))
}

/// Filter i: `args[i % 6]` bit `i / 6` set gives ERRNO(i + 1), else ALLOW.
fn small_stack(n: usize) -> Vec<VerifiedProgram> {
    (0..n)
        .map(|i| {
            prog(&format!(
                "ld [args[{}]]\njset #{:#x}, e, a\ne: ret #ERRNO({})\na: ret #ALLOW",
                i % 6,
                1u32 << (i / 6),
                i + 1
            ))
        })
        .collect()
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 11 ^ self.0 << 17
    }
    /// Words with x86_64 (or a random arch), a small nr and random data.
    fn words(&mut self) -> [u32; DATA_WORDS] {
        let mut w = [0u32; DATA_WORDS];
        for s in w.iter_mut() {
            *s = self.next() as u32;
        }
        if self.next().is_multiple_of(2) {
            w[1] = 0xc000_003e;
        }
        w[0] %= 600;
        w
    }
}

/// Every input lies in a leaf whose value is its true value; an input in an exact leaf
/// lies in no other exact leaf.
fn assert_sound(stack: &[VerifiedProgram], budget: &Budget, samples: usize) -> bool {
    let mut m = Manager::new();
    let mut meter = Meter::new(budget);
    let (leaves, _, _) = stack_analysis_with(stack, &mut m, &mut meter);
    let mut rng = Rng(0x5eed);
    for _ in 0..samples {
        let w = rng.words();
        let truth = engine::eval(stack, &w);
        let hits: Vec<_> = leaves
            .iter()
            .filter(|l| (0..DATA_WORDS).all(|k| m.contains(l.region.words[k], w[k])))
            .collect();
        assert!(
            hits.iter()
                .any(|l| l.value_at(&w).is_none_or(|v| v == truth)),
            "input {w:x?} (true value {truth:#x}) is in no region with its value"
        );
        let exact: Vec<_> = hits.iter().filter(|l| !l.region.approx).collect();
        assert!(exact.len() <= 1, "exact regions overlap at {w:x?}");
        if let Some(l) = exact.first() {
            assert!(l.value_at(&w).is_none_or(|v| v == truth));
        }
    }
    meter.spent().is_some()
}

#[test]
fn diamonds_k24_allow_are_exactly_always_allow() {
    let p = diamonds(24, false);
    let ex = explain(std::slice::from_ref(&p), None);
    assert_eq!(ex.budget_spent, None);
    assert!(!ex.approximate);
    for a in &ex.arches {
        assert!(a.syscalls.is_empty());
        assert_eq!(a.default.regions.len(), 1);
        let r = &a.default.regions[0];
        assert_eq!(
            (r.ret, &r.condition),
            (Some(SECCOMP_RET_ALLOW), &Condition::True)
        );
    }
    assert!(!assert_sound(
        std::slice::from_ref(&p),
        &Budget::default(),
        2000
    ));
    let allow = prog("ret #ALLOW");
    let d = diff_with(
        std::slice::from_ref(&p),
        std::slice::from_ref(&allow),
        false,
        &Budget::default(),
    );
    assert!(d.equivalent && d.budget_spent.is_none());
    let errno = prog("ret #ERRNO(1)");
    let d = diff_with(
        std::slice::from_ref(&p),
        &[errno],
        false,
        &Budget::default(),
    );
    assert!(!d.equivalent);
    assert_eq!(
        (d.differences[0].a, d.differences[0].b),
        (SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO | 1)
    );
    let (c, spent) = cover_with(&p, &[SeccompData::new(0xc000_003e, 0)], &Budget::default());
    assert_eq!(spent, None);
    // Every instruction is reached by the input or has a checked witness.
    assert!(c
        .iter()
        .all(|x| matches!(x.status, Status::Reached(_) | Status::Missed(_))));
}

#[test]
fn diamonds_k24_ret_a_are_the_input_bits() {
    let p = diamonds(24, true);
    let stack = std::slice::from_ref(&p);
    let ex = explain(stack, None);
    assert_eq!(ex.budget_spent, None);
    assert!(!ex.approximate);
    // Said symbolically, per byte order.
    let text = secbpf::analysis::explain::to_text(&ex);
    assert!(
        text.contains("all syscalls: the value args[0].lo & 0xffffff (ret a)"),
        "{text}"
    );
    assert!(text.contains("all syscalls: the value args[0].hi & 0xffffff (ret a)"));
    // One exact leaf whose value is args[0] & 0xffffff, symbolically.
    let mut m = Manager::new();
    let (leaves, _, _) = stack_analysis_with(stack, &mut m, &mut Meter::new(&Budget::default()));
    assert_eq!(leaves.len(), 1);
    let mut rng = Rng(7);
    for _ in 0..500 {
        let w = rng.words();
        assert_eq!(leaves[0].value_at(&w), Some(engine::eval(stack, &w)));
    }
    // K = 24 against K = 23: a real difference (bit 23), never `equivalent`.
    let q = diamonds(23, true);
    let d = diff_with(stack, std::slice::from_ref(&q), false, &Budget::default());
    assert!(!d.equivalent);
    for x in &d.differences {
        let w = x.witness.words();
        assert_eq!(
            (
                engine::eval(stack, &w),
                engine::eval(std::slice::from_ref(&q), &w)
            ),
            (x.a, x.b)
        );
        assert_ne!(x.a, x.b);
    }
    let (_, spent) = cover_with(&p, &[SeccompData::new(0xc000_003e, 0)], &Budget::default());
    assert_eq!(spent, None);
}

#[test]
fn stack_of_32_small_filters_is_exact_within_the_default_budget() {
    let stack = small_stack(32);
    let ex = explain(&stack, None);
    assert_eq!(ex.budget_spent, None);
    assert!(!ex.approximate);
    // ERRNO(1..=32) and ALLOW, each once.
    let regions = &ex.arches[0].default.regions;
    assert_eq!(regions.len(), 33);
    assert!(!assert_sound(&stack, &Budget::default(), 3000));
    // A duplicated filter changes nothing: proven by the analysis, not by equal bytes.
    let mut dup = stack.clone();
    dup.insert(0, stack[0].clone());
    let d = diff_with(&stack, &dup, false, &Budget::default());
    assert!(d.equivalent, "{d:?}");
    assert_eq!(d.budget_spent, None);
    // Dropping the newest filter loses ERRNO(32).
    let d = diff_with(&stack, &stack[..31], false, &Budget::default());
    assert!(!d.equivalent && d.unresolved == 0);
    for x in &d.differences {
        let w = x.witness.words();
        assert_eq!(engine::eval(&stack, &w), x.a);
        assert_eq!(engine::eval(&stack[..31], &w), x.b);
    }
    for f in &stack {
        let (_, spent) = cover_with(f, &[], &Budget::default());
        assert_eq!(spent, None);
    }
}

#[test]
fn past_the_budget_answers_stay_sound() {
    let x = adversary(16);
    let stack = std::slice::from_ref(&x);
    let budget = Budget::default();
    let ex = explain_with(stack, None, &budget);
    assert!(
        ex.budget_spent.is_some(),
        "the adversary fits in the budget now: make it harder"
    );
    assert!(ex.approximate);
    assert!(secbpf::analysis::explain::to_text(&ex).contains("ran out of its"));
    assert!(assert_sound(stack, &budget, 2000));
    // Against a different filter: never `equivalent`; every difference reported is real.
    let y = adversary(15);
    let d = diff_with(stack, std::slice::from_ref(&y), false, &budget);
    assert!(!d.equivalent);
    for v in &d.differences {
        let w = v.witness.words();
        assert_eq!(
            (
                engine::eval(stack, &w),
                engine::eval(std::slice::from_ref(&y), &w)
            ),
            (v.a, v.b)
        );
    }
    // Against the same filter with a dead instruction more: no difference is claimed.
    let mut z = x.insns().to_vec();
    z.insert(0, secbpf::Insn::stmt(0x00, 0)); // ld #0
    let z = verify::check(&z).unwrap();
    let d = diff_with(stack, &[z], false, &budget);
    assert!(d.differences.is_empty(), "{:?}", d.differences);
    let (c, spent) = cover_with(&x, &[], &budget);
    assert!(spent.is_some());
    // Approximation never turns a reachable instruction into a proven-unreachable one.
    assert!(!c
        .iter()
        .any(|p| matches!(p.status, Status::Blocked | Status::NoPath)));
}

#[test]
fn a_tiny_budget_degrades_soundly() {
    // A nanosecond: spent at the meter's first clock reading, so the coarse mode runs.
    let budget = Budget::new(1e-9, 1.0).unwrap();
    for stack in [
        vec![diamonds(12, true)],
        small_stack(12),
        vec![adversary(8)],
    ] {
        let spent = assert_sound(&stack, &budget, 1000);
        assert!(spent || stack.len() > 1);
        let ex = explain_with(&stack, None, &budget);
        let _ = secbpf::analysis::explain::to_text(&ex);
        let other = [prog("ret #ALLOW")];
        let d = diff_with(&stack, &other, false, &budget);
        assert!(!d.equivalent);
        for v in &d.differences {
            let w = v.witness.words();
            assert_eq!(
                (engine::eval(&stack, &w), engine::eval(&other, &w)),
                (v.a, v.b)
            );
        }
    }
}

#[test]
fn an_empty_stack_allows_everything() {
    let ex = explain(&[], None);
    let r = &ex.arches.last().unwrap().default.regions;
    assert_eq!(r.len(), 1);
    assert_eq!(
        (r[0].ret, &r[0].condition),
        (Some(SECCOMP_RET_ALLOW), &Condition::True)
    );
    let allow = prog("ret #ALLOW");
    let errno = prog("ret #ERRNO(1)");
    assert!(diff_with(&[], std::slice::from_ref(&allow), false, &Budget::default()).equivalent);
    assert!(diff_with(&[allow], &[], false, &Budget::default()).equivalent);
    let d = diff_with(&[], &[errno], false, &Budget::default());
    assert!(!d.equivalent);
    assert_eq!(
        (d.differences[0].a, d.differences[0].b),
        (SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO | 1)
    );
    assert_eq!(engine::eval(&[], &[0; DATA_WORDS]), SECCOMP_RET_ALLOW);
}
