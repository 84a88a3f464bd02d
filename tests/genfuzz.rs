//! secbpf::genfuzz: the direct evaluator on hand-computed cases, and bounded runs of the
//! generator fuzzer against seccompiler (default feature) and libseccomp (feature
//! `libseccomp`). Findings are documented in docs/generator-findings.md.

use secbpf::consts::*;
use secbpf::genfuzz::*;
use secbpf::seccomp::data::SeccompData;

const X86_64: u32 = AUDIT_ARCH_X86_64;

fn cond(arg: u8, width: Width, op: CmpOp, value: u64) -> Cond {
    Cond {
        arg,
        width,
        op,
        value,
    }
}

fn data(nr: u32, args: [u64; 6]) -> SeccompData {
    SeccompData {
        nr,
        arch: X86_64,
        instruction_pointer: 0,
        args,
    }
}

fn one_syscall(nr: u32, rules: Vec<Rule>) -> RuleSet {
    RuleSet {
        arch: X86_64,
        syscalls: vec![SyscallRules { nr, rules }],
        default: RuleAction::Allow,
        mismatch: RuleAction::KillProcess,
    }
}

fn low_word() -> Semantics {
    Semantics::first_match()
}

fn zero_extended() -> Semantics {
    Semantics {
        width32: Width32::ZeroExtended,
        ..Semantics::first_match()
    }
}

#[test]
fn w32_low_word_ignores_the_high_word() {
    let c = cond(0, Width::W32, CmpOp::Eq, 0xffff_ffff);
    assert!(eval_cond(&c, &low_word(), u64::MAX));
    assert!(eval_cond(&c, &low_word(), 0xffff_ffff));
    assert!(!eval_cond(&c, &zero_extended(), u64::MAX));
    assert!(eval_cond(&c, &zero_extended(), 0xffff_ffff));
    // A value wider than 32 bits is truncated by both.
    let c = cond(0, Width::W32, CmpOp::Eq, 0x1_0000_0005);
    assert!(eval_cond(&c, &low_word(), 5));
    assert!(eval_cond(&c, &zero_extended(), 5));
    assert!(!eval_cond(&c, &zero_extended(), 0x1_0000_0005));
    // Ordering: the high word makes the argument greater only when it counts.
    let c = cond(0, Width::W32, CmpOp::Gt, 7);
    assert!(!eval_cond(&c, &low_word(), 0x1_0000_0001));
    assert!(eval_cond(&c, &zero_extended(), 0x1_0000_0001));
}

#[test]
fn w64_comparisons_at_the_word_boundary() {
    let s = low_word();
    let lt = cond(2, Width::W64, CmpOp::Lt, 1 << 32);
    assert!(eval_cond(&lt, &s, 0xffff_ffff));
    assert!(!eval_cond(&lt, &s, 1 << 32));
    let ge = cond(2, Width::W64, CmpOp::Ge, 0x1_0000_0001);
    assert!(!eval_cond(&ge, &s, 0x1_0000_0000));
    assert!(eval_cond(&ge, &s, 0x1_0000_0001));
    assert!(eval_cond(&ge, &s, 0x2_0000_0000));
    let le = cond(2, Width::W64, CmpOp::Le, 0xffff_ffff_0000_0000);
    assert!(eval_cond(&le, &s, 0xfffe_ffff_ffff_ffff));
    assert!(!eval_cond(&le, &s, 0xffff_ffff_0000_0001));
    let ne = cond(2, Width::W64, CmpOp::Ne, 0x1_0000_0000);
    assert!(eval_cond(&ne, &s, 0));
    assert!(!eval_cond(&ne, &s, 0x1_0000_0000));
}

#[test]
fn masked_eq_masked_or_unmasked_value() {
    let c = cond(1, Width::W64, CmpOp::MaskedEq(0xff), 0x1ff);
    let masked = low_word();
    let unmasked = Semantics {
        masked_eq: MaskedEqValue::Unmasked,
        ..low_word()
    };
    assert!(eval_cond(&c, &masked, 0xff));
    assert!(eval_cond(&c, &masked, 0xabcd_00ff));
    assert!(!eval_cond(&c, &unmasked, 0xff));
    let c = cond(
        1,
        Width::W64,
        CmpOp::MaskedEq(0xffff_ffff_0000_0000),
        1 << 32,
    );
    assert!(eval_cond(&c, &masked, 0x1_dead_beef));
    assert!(!eval_cond(&c, &masked, 0x2_0000_0000));
}

#[test]
fn first_match_and_any_match() {
    let rules = one_syscall(
        1,
        vec![
            Rule {
                action: RuleAction::Errno(1),
                conds: vec![cond(0, Width::W64, CmpOp::Ge, 10)],
            },
            Rule {
                action: RuleAction::Trap,
                conds: vec![cond(0, Width::W64, CmpOp::Le, 20)],
            },
        ],
    );
    let first = Semantics::first_match();
    let any = Semantics {
        matching: Matching::AnyMatch,
        ..first.clone()
    };
    let both = data(1, [15, 0, 0, 0, 0, 0]);
    assert_eq!(evaluate(&rules, &first, &both).values(), &[0x0005_0001]);
    assert_eq!(
        evaluate(&rules, &any, &both).values(),
        &[0x0005_0001, 0x0003_0000]
    );
    let only_second = data(1, [5, 0, 0, 0, 0, 0]);
    assert_eq!(
        evaluate(&rules, &any, &only_second).values(),
        &[0x0003_0000]
    );
    // Neither rule can fail both ways; another syscall gets the default.
    assert_eq!(
        evaluate(&rules, &first, &data(2, [15; 6])).values(),
        &[SECCOMP_RET_ALLOW]
    );
}

#[test]
fn arch_and_nr_limit() {
    let rules = one_syscall(
        0x4000_0001,
        vec![Rule {
            action: RuleAction::Log,
            conds: vec![],
        }],
    );
    let other_arch = SeccompData {
        arch: AUDIT_ARCH_I386,
        ..data(0x4000_0001, [0; 6])
    };
    let plain = Semantics::first_match();
    assert_eq!(
        evaluate(&rules, &plain, &other_arch).values(),
        &[SECCOMP_RET_KILL_PROCESS]
    );
    assert_eq!(
        evaluate(&rules, &plain, &data(0x4000_0001, [0; 6])).values(),
        &[SECCOMP_RET_LOG]
    );
    let limited = Semantics {
        nr_limit: Some(0x4000_0000),
        ..plain
    };
    assert_eq!(
        evaluate(&rules, &limited, &data(0x4000_0001, [0; 6])).values(),
        &[SECCOMP_RET_KILL_PROCESS]
    );
    // nr -1 (a tracer's skip) is not sent to the mismatch action.
    assert_eq!(
        evaluate(&rules, &limited, &data(u32::MAX, [0; 6])).values(),
        &[SECCOMP_RET_ALLOW]
    );
}

#[test]
fn generated_rule_sets_keep_to_their_semantics() {
    let mut bytes = vec![0u8; 1024];
    let mut state = 7u64;
    let sems = [
        Semantics::first_match(),
        Semantics {
            single_rule_action: true,
            rule_action_may_equal_default: false,
            one_cond_per_arg: true,
            max_rules_per_syscall: 1,
            max_errno: 4094,
            ..Semantics::first_match()
        },
    ];
    for _ in 0..500 {
        for b in bytes.iter_mut() {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            *b = (state >> 33) as u8;
        }
        for sem in &sems {
            let mut u = arbitrary::Unstructured::new(&bytes);
            let rules = RuleSet::generate(&mut u, sem).unwrap();
            assert_eq!(sem.admits(&rules), Ok(()), "{rules}");
            assert!(!derive_inputs(&rules).is_empty());
        }
    }
}

/// A compiler that ignores every condition: the checker must catch it, and the finding
/// must be shrunk to one rule with one condition.
#[test]
fn a_wrong_compiler_is_caught_and_shrunk() {
    struct IgnoresConditions;
    impl Compiler for IgnoresConditions {
        fn name(&self) -> &str {
            "ignores-conditions"
        }
        fn semantics(&self) -> Semantics {
            Semantics::first_match()
        }
        fn compile(&self, rules: &RuleSet) -> Result<Vec<secbpf::Insn>, GeneratorError> {
            let mut src = format!("ld [4]\njne #{}, bad\nld [0]\n", rules.arch);
            let mut rets = String::new();
            for (i, s) in rules.syscalls.iter().enumerate() {
                if let Some(rule) = s.rules.first() {
                    src += &format!("jeq #{}, r{i}\n", s.nr);
                    rets += &format!("r{i}: ret #{}\n", rule.action.ret());
                }
            }
            src += &format!(
                "ret #{}\n{rets}bad: ret #{}\n",
                rules.default.ret(),
                rules.mismatch.ret()
            );
            secbpf::asm::assemble(&src)
                .map_err(|e| GeneratorError::new(GeneratorErrorKind::Failed, e))
        }
    }
    let mut rules = one_syscall(
        3,
        vec![Rule {
            action: RuleAction::Errno(9),
            conds: vec![
                cond(0, Width::W64, CmpOp::Eq, 0x1_0000_0000),
                cond(1, Width::W32, CmpOp::Ne, 77),
            ],
        }],
    );
    rules.syscalls.push(SyscallRules {
        nr: 4,
        rules: vec![],
    });
    let f = check(&IgnoresConditions, &rules, &derive_inputs(&rules)).unwrap_err();
    assert_eq!(f.rules.syscalls.len(), 1);
    assert_eq!(f.rules.syscalls[0].rules[0].conds.len(), 1);
    assert!(
        matches!(f.kind, GeneratorFindingKind::Mismatch { .. }),
        "{f}"
    );
    assert!(f.to_string().contains("ignores-conditions"));
}

#[cfg(feature = "seccompiler")]
#[test]
fn seccompiler_bounded_run_has_no_finding() {
    let c = seccompiler::Seccompiler;
    let stats = run_campaign(&c, &c.semantics(), 2_000, 1, 3);
    assert_eq!(stats.rule_sets, 2_000);
    assert!(stats.inputs > 100_000, "{}", stats.inputs);
    assert_eq!(stats.failed, 0, "{}", stats.findings[0]);
}

#[cfg(feature = "seccompiler")]
#[test]
fn seccompiler_dword_ignores_the_high_word() {
    // The documented difference: a 32-bit condition on seccompiler never looks at the
    // argument's high word.
    let c = seccompiler::Seccompiler;
    let rules = RuleSet {
        default: RuleAction::Errno(1),
        ..one_syscall(
            0,
            vec![Rule {
                action: RuleAction::Allow,
                conds: vec![cond(0, Width::W32, CmpOp::Eq, 5)],
            }],
        )
    };
    let prog = secbpf::verify::check(&c.compile(&rules).unwrap()).unwrap();
    let ret = secbpf::vm::run(&prog, &data(0, [0x7_0000_0005, 0, 0, 0, 0, 0])).ret;
    assert_eq!(ret, secbpf::seccomp::RetValue::ALLOW);
}

#[cfg(feature = "libseccomp")]
mod libseccomp_tests {
    use super::*;
    use secbpf::genfuzz::libseccomp::Libseccomp;

    /// Finding 2 (docs/generator-findings.md): libseccomp 2.5.4 reuses the accumulator
    /// across two rules of one syscall: the second rule's high-word test runs on the low
    /// word, and a call only the first rule matches gets the default action.
    #[test]
    fn libseccomp_stale_accumulator_finding() {
        let rules = RuleSet {
            default: RuleAction::Trap,
            mismatch: RuleAction::Log,
            ..one_syscall(
                16,
                vec![
                    Rule {
                        action: RuleAction::Trace(4),
                        conds: vec![cond(0, Width::W64, CmpOp::Lt, 0x1_0000_0000)],
                    },
                    Rule {
                        action: RuleAction::KillThread,
                        conds: vec![cond(0, Width::W32, CmpOp::Le, 0)],
                    },
                ],
            )
        };
        let input = data(16, [0x83ea_f023, 0, 0, 0, 0, 0]);
        for c in [Libseccomp::default(), Libseccomp::binary_tree()] {
            let sem = c.semantics();
            assert_eq!(evaluate(&rules, &sem, &input).values(), &[0x7ff0_0004]);
            let prog = secbpf::verify::check(&c.compile(&rules).unwrap()).unwrap();
            let got = secbpf::vm::run(&prog, &input).ret;
            assert_eq!(
                got,
                secbpf::seccomp::RetValue::trap(0),
                "libseccomp changed: re-check finding 2"
            );
        }
    }

    /// Finding 1: ERRNO(4095) and up are refused (EINVAL), though the kernel takes them.
    #[test]
    fn libseccomp_refuses_errno_4095() {
        let c = Libseccomp::default();
        let mut rules = one_syscall(
            1,
            vec![Rule {
                action: RuleAction::Errno(4094),
                conds: vec![],
            }],
        );
        assert!(c.compile(&rules).is_ok());
        rules.syscalls[0].rules[0].action = RuleAction::Errno(4095);
        let err = c.compile(&rules).unwrap_err();
        assert_eq!(err.kind(), GeneratorErrorKind::Failed, "{err}");
    }

    /// Finding 3: two rules of one syscall sharing an identical `<=` condition make
    /// `seccomp_rule_add` loop forever; the adapter gives up after `COMPILE_TIMEOUT` (the
    /// stuck thread keeps a core busy until the test binary exits).
    #[test]
    fn libseccomp_hangs_on_a_shared_range_condition() {
        let rules = one_syscall(
            435,
            vec![
                Rule {
                    action: RuleAction::KillThread,
                    conds: vec![
                        cond(1, Width::W64, CmpOp::Eq, 1),
                        cond(0, Width::W64, CmpOp::Le, 5),
                    ],
                },
                Rule {
                    action: RuleAction::Trap,
                    conds: vec![
                        cond(0, Width::W64, CmpOp::Le, 5),
                        cond(2, Width::W64, CmpOp::Eq, 2),
                    ],
                },
            ],
        );
        let c = Libseccomp::default();
        assert!(c.semantics().admits(&rules).is_err());
        let err = c.compile(&rules).unwrap_err();
        assert_eq!(err.kind(), GeneratorErrorKind::Timeout, "{err}");
        assert!(err.to_string().contains("did not return"), "{err}");
    }

    /// With one rule per syscall, libseccomp agrees with the rules everywhere.
    #[test]
    fn libseccomp_bounded_run_one_rule_per_syscall() {
        for c in [Libseccomp::default(), Libseccomp::binary_tree()] {
            let sem = Semantics {
                max_rules_per_syscall: 1,
                ..c.semantics()
            };
            let stats = run_campaign(&c, &sem, 2_000, 1, 3);
            assert_eq!(stats.rule_sets, 2_000);
            assert_eq!(stats.failed, 0, "{}", stats.findings[0]);
        }
    }

    /// With several rules per syscall, every disagreement is finding 2's kind: a result
    /// for a syscall with at least two rules (never a refused program, a wrong-arch or an
    /// other-syscall result), or finding 3's hang.
    #[test]
    fn libseccomp_bounded_run_only_the_documented_finding() {
        let c = Libseccomp::default();
        let sem = c.semantics();
        let mut bytes = vec![0u8; 1024];
        let mut state = 3u64;
        let mut failed = 0;
        for _ in 0..2_000 {
            for b in bytes.iter_mut() {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                *b = (state >> 33) as u8;
            }
            let rules = RuleSet::generate(&mut arbitrary::Unstructured::new(&bytes), &sem).unwrap();
            let Err(f) = check_with(&c, &rules, &derive_inputs(&rules), false) else {
                continue;
            };
            failed += 1;
            let input = match &f.kind {
                GeneratorFindingKind::Mismatch { input, .. } => *input,
                // Finding 3, where the generator's constraint does not catch it.
                GeneratorFindingKind::CompileError(e)
                    if e.kind() == GeneratorErrorKind::Timeout =>
                {
                    continue
                }
                _ => panic!("not a documented finding: {f}"),
            };
            assert_eq!(input.arch, rules.arch, "{f}");
            let n: usize = rules
                .syscalls
                .iter()
                .filter(|s| s.nr == input.nr)
                .map(|s| s.rules.len())
                .sum();
            assert!(n >= 2, "{f}");
        }
        assert!(
            failed > 0,
            "libseccomp no longer shows finding 2: update the docs"
        );
    }
}
