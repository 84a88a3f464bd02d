//! `secbpf serve` over HTTP: the API answers with the library's own stepper, and the
//! server's protections (loopback only, Host and Origin checks, size limits, the
//! analysis budget, no path but the named files) hold.

mod local_server;

use local_server::Served;
use secbpf::{Arch, Endian, Machine, SeccompData};

const DOCKER: &str = "corpus/docker-x86_64.bpf";

fn trace_body(id: usize, syscall: &str, args: &str) -> Vec<u8> {
    serde_json::json!({"id": id, "arch": "x86_64", "syscall": syscall, "args": args, "ip": ""})
        .to_string()
        .into_bytes()
}

#[test]
fn the_trace_is_the_library_machine_step_by_step() {
    let s = Served::start(&[DOCKER]);
    let r = s.post("/api/trace", &trace_body(0, "openat", "0x1,0x2"));
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    let states = v["states"].as_array().unwrap();
    let bytes = std::fs::read(local_server::root().join(DOCKER)).unwrap();
    let insns = secbpf::codec::decode_raw(&bytes, Endian::Little).unwrap();
    let prog = secbpf::check(&insns).unwrap();
    let data = SeccompData {
        nr: Arch::x86_64().syscall_nr("openat").unwrap(),
        arch: Arch::x86_64().audit,
        instruction_pointer: 0,
        args: [1, 2, 0, 0, 0, 0],
    };
    assert_eq!(v["input"]["nr"], data.nr);
    assert_eq!(v["input"]["args"][1], "0x2");
    let mut m = Machine::new(&prog, data.words());
    for (k, st) in states.iter().enumerate() {
        assert_eq!(st["pc"], m.pc(), "pc after {k} steps");
        assert_eq!(st["a"], m.regs().a, "A after {k} steps");
        assert_eq!(st["x"], m.regs().x, "X after {k} steps");
        assert_eq!(st["executed"], m.executed());
        assert_eq!(st["ret"].as_u64(), m.finished().map(|r| u64::from(r.raw())));
        if k + 1 < states.len() {
            assert!(
                m.step().is_some(),
                "the page has more states than the machine"
            );
        }
    }
    assert!(m.finished().is_some(), "the trace ends at the return");
    let last = states.last().unwrap();
    assert_eq!(last["result"], "ALLOW [filter 0]; the syscall runs");
    assert!(
        states[0]["meaning"]
            .as_str()
            .unwrap()
            .starts_with("loads arch into A: 0xc000003e"),
        "{}",
        states[0]["meaning"]
    );
}

#[test]
fn the_view_has_listing_graph_summary_and_witnesses() {
    // A budget no loaded machine runs out of, so that every region is exact and has a
    // witness.
    let s = Served::start(&[
        DOCKER,
        "corpus/libseccomp-small.bpf",
        "--budget-time",
        "120",
    ]);
    let list = s.get("/api/filters").json();
    assert_eq!(list.as_array().unwrap().len(), 2);
    let v = s.get("/api/filter?id=0").json();
    assert_eq!(v["accepted"], true);
    assert_eq!(
        v["rows"].as_array().unwrap().len(),
        v["insns"].as_u64().unwrap() as usize
    );
    assert_eq!(v["rows"][1]["comment"], "arch == 0xc000003e (x86_64)");
    assert!(v["svg"].as_str().unwrap().starts_with("<svg"));
    // Each witness of the summary gets the action its region says.
    let bytes = std::fs::read(local_server::root().join(DOCKER)).unwrap();
    let prog = secbpf::check(&secbpf::codec::decode_raw(&bytes, Endian::Little).unwrap()).unwrap();
    let mut checked = 0;
    for a in v["summary"]["arches"].as_array().unwrap() {
        for g in a["groups"].as_array().unwrap() {
            for r in g["regions"].as_array().unwrap() {
                assert_eq!(r["approximate"], false, "{r}");
                let w = &r["witness"];
                let arch = secbpf::seccomp::arch::parse_arch(w["arch"].as_str().unwrap())
                    .unwrap()
                    .0;
                let num =
                    |x: &serde_json::Value| secbpf::num::parse_u64(x.as_str().unwrap()).unwrap();
                let mut args = [0u64; 6];
                for (i, x) in w["args"].as_array().unwrap().iter().enumerate() {
                    args[i] = num(x);
                }
                let d = SeccompData {
                    nr: w["nr"].as_u64().unwrap() as u32,
                    arch,
                    instruction_pointer: num(&w["ip"]),
                    args,
                };
                let got = secbpf::run(&prog, &d).ret.to_string();
                assert_eq!(got, r["action"].as_str().unwrap(), "{r}");
                // Loaded on the page (its fields as the page sends them), the trace ends
                // with the same action.
                let args: Vec<&str> = w["args"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_str().unwrap())
                    .collect();
                let body = serde_json::json!({
                    "id": 0,
                    "arch": w["arch"],
                    "syscall": w["syscall"].as_str().map_or(w["nr"].to_string(), str::to_string),
                    "args": args.join(","),
                    "ip": w["ip"],
                });
                let t = s.post("/api/trace", body.to_string().as_bytes()).json();
                let last = t["states"].as_array().unwrap().last().unwrap().clone();
                let ret = secbpf::RetValue(last["ret"].as_u64().unwrap() as u32);
                assert_eq!(ret.to_string(), got, "{r}");
                checked += 1;
            }
        }
    }
    assert!(checked > 5, "{checked} regions");
}

#[test]
fn requests_from_another_host_or_origin_are_refused() {
    let s = Served::start(&[DOCKER]);
    let port = s.host.rsplit(':').next().unwrap().to_string();
    // DNS rebinding: the browser sends the attacker's name as Host.
    let r = s.raw(
        &format!("GET /api/filters HTTP/1.1\nHost: rebind.example:{port}"),
        b"",
    );
    assert_eq!(r.status, 403, "{}", r.text());
    assert!(r.text().contains("DNS rebinding"), "{}", r.text());
    // No Host at all.
    assert_eq!(s.raw("GET /api/filters HTTP/1.1", b"").status, 403);
    // The right name with another port.
    assert_eq!(s.raw("GET / HTTP/1.1\nHost: 127.0.0.1:1", b"").status, 403);
    // A cross-site request from a page elsewhere.
    for origin in [
        "http://evil.example",
        "null",
        &format!("http://127.0.0.1:{}1", port),
    ] {
        let r = s.request(
            "POST",
            "/api/trace",
            &[("Origin", origin)],
            &trace_body(0, "read", ""),
        );
        assert_eq!(r.status, 403, "Origin {origin}: {}", r.text());
    }
    // The page's own origin, by address or by localhost.
    for origin in [
        format!("http://{}", s.host),
        format!("http://localhost:{port}"),
    ] {
        let r = s.request(
            "POST",
            "/api/trace",
            &[("Origin", &origin)],
            &trace_body(0, "read", ""),
        );
        assert_eq!(r.status, 200, "Origin {origin}: {}", r.text());
    }
    let r = s.raw(&format!("GET / HTTP/1.1\nHost: localhost:{port}"), b"");
    assert_eq!(r.status, 200);
    let csp = r.header("content-security-policy").unwrap();
    assert!(
        csp.contains("default-src 'self'") && csp.contains("connect-src 'self'"),
        "{csp}"
    );
}

#[test]
fn uploads_and_heads_are_capped() {
    let s = Served::start(&[]);
    // Over the limit: refused from the header, before any body is read.
    let r = s.raw(
        &format!(
            "POST /api/upload HTTP/1.1\nHost: {}\nContent-Length: {}",
            s.host,
            (1 << 20) + 1
        ),
        b"",
    );
    assert_eq!(r.status, 413, "{}", r.text());
    // A head over 16 KiB.
    let long = "x".repeat(20 << 10);
    let r = s.raw(
        &format!("GET / HTTP/1.1\nHost: {}\nX-Long: {long}", s.host),
        b"",
    );
    assert_eq!(r.status, 431, "{}", r.text());
    // Chunked bodies (no length known in advance) are refused.
    let r = s.raw(
        &format!(
            "POST /api/upload HTTP/1.1\nHost: {}\nTransfer-Encoding: chunked",
            s.host
        ),
        b"0\r\n\r\n",
    );
    assert_eq!(r.status, 411, "{}", r.text());
    // Within the limit: a pasted bpf_asm filter is read, checked and steppable.
    let src = b"ld [0]\njeq #2, bad, good\nbad: ret #0x50001\ngood: ret #0x7fff0000\n";
    let r = s.post("/api/upload?name=mine", src);
    assert_eq!(r.status, 200, "{}", r.text());
    let id = r.json()["id"].as_u64().unwrap() as usize;
    let t = s.post("/api/trace", &trace_body(id, "open", "")).json();
    assert_eq!(
        t["states"].as_array().unwrap().last().unwrap()["result"],
        "ERRNO(1) [filter 0]; the syscall fails with errno 1 (EPERM)"
    );
}

#[test]
fn a_refused_upload_shows_the_diagnostic_at_its_pc_and_a_bad_one_its_line() {
    let s = Served::start(&[]);
    // Falls off the end: the kernel refuses it (the last instruction must return).
    let r = s.post("/api/upload?format=asm", b"ld [0]\nret #0\nld [4]\n");
    assert_eq!(r.status, 200, "{}", r.text());
    let id = r.json()["id"].as_u64().unwrap();
    let v = s.get(&format!("/api/filter?id={id}")).json();
    assert_eq!(v["accepted"], false);
    let d = &v["diagnostics"][0];
    assert_eq!(d["pc"], 2, "{v}");
    assert_eq!(d["errno"], "EINVAL");
    let t = s.post("/api/trace", &trace_body(id as usize, "read", ""));
    assert_eq!(t.status, 400);
    // Text that is no filter: the decode error with its line.
    let r = s.post("/api/upload?format=asm", b"ld [0]\nfrobnicate #1\nret #0\n");
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["line"], 2, "{}", r.text());
}

#[test]
fn no_path_but_the_named_files_is_read() {
    let s = Served::start(&[DOCKER]);
    for path in [
        "/etc/passwd",
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/corpus/docker-x86_64.bpf",
        "/api/filter/../../etc/passwd",
    ] {
        let r = s.get(path);
        assert_eq!(r.status, 404, "{path}: {}", r.text());
    }
    for id in [
        "../../etc/passwd",
        "/etc/passwd",
        "corpus/tor.bpf",
        "1",
        "-1",
    ] {
        let r = s.get(&format!("/api/filter?id={id}"));
        assert!(r.status == 400 || r.status == 404, "id={id}: {}", r.text());
        assert!(!r.text().contains("root:"), "{}", r.text());
    }
    // An upload is the body's bytes, never a path to open.
    let r = s.post("/api/upload", b"/etc/passwd");
    assert_eq!(r.status, 400, "{}", r.text());
    assert!(!r.text().contains("root:"));
}

#[test]
fn explain_runs_within_the_budget() {
    let s = Served::start(&[DOCKER, "--budget-time", "0.001"]);
    let v = s.get("/api/filter?id=0").json();
    assert_eq!(v["summary"]["budget_spent"], "time", "{}", v["summary"]);
}

#[test]
fn only_loopback_addresses_are_served() {
    for addr in ["0.0.0.0", "192.0.2.1", "::", "example.com"] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_secbpf"))
            .args(["serve", "--bind", addr, "--port", "0"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "--bind {addr}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("loopback"), "--bind {addr}: {err}");
    }
    let s = Served::start(&["--bind", "127.0.0.1"]);
    assert!(s.host.starts_with("127.0.0.1:"), "{}", s.host);
    assert_eq!(s.get("/").status, 200);
}

#[test]
fn a_file_that_cannot_be_read_stops_serve_before_it_listens() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_secbpf"))
        .args(["serve", "no/such/file.bpf", "--port", "0"])
        .current_dir(local_server::root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn json_prints_the_address_as_one_json_line() {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_secbpf"))
        .args(["serve", "--json", "--port", "0"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    let v: serde_json::Value = serde_json::from_str(&line).unwrap();
    let port = v["port"].as_u64().unwrap();
    assert!(port > 0);
    assert_eq!(v["host"], format!("127.0.0.1:{port}"));
    assert_eq!(v["url"], format!("http://127.0.0.1:{port}/"));
}

#[test]
fn a_program_longer_than_the_kernel_takes_is_shown_in_part() {
    let s = Served::start(&[]);
    // 20,000 raw instructions (160 KB, under the upload cap): `ld [0]`..., `ret #0`.
    let mut raw = Vec::new();
    for pc in 0..20_000u32 {
        let code: u16 = if pc == 19_999 { 0x06 } else { 0x20 };
        raw.extend_from_slice(&code.to_le_bytes());
        raw.extend_from_slice(&[0, 0]);
        raw.extend_from_slice(&0u32.to_le_bytes());
    }
    let r = s.post("/api/upload?format=raw", &raw);
    assert_eq!(r.status, 200, "{}", r.text());
    let id = r.json()["id"].as_u64().unwrap();
    let v = s.get(&format!("/api/filter?id={id}")).json();
    assert_eq!(v["accepted"], false);
    assert_eq!(v["insns"], 20_000);
    assert_eq!(v["rows"].as_array().unwrap().len(), 4096);
    assert_eq!(v["svg"], "");
    assert!(
        v["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("4096"),
        "{}",
        v["diagnostics"]
    );
}
