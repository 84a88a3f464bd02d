//! The `secbpf serve` page in a real browser: headless Chromium driven through
//! chromedriver by a minimal WebDriver client (std::net + serde_json). Loads a corpus
//! filter, picks a syscall, sets a breakpoint, continues to it, steps to the return and
//! back, and checks the registers and the highlighted pc shown on the page against the
//! library's Machine. Screenshots go to target/browser/ for a reviewer.
//!
//! Needs `chromium` and `chromedriver` (Debian packages chromium, chromium-driver; or
//! SECBPF_CHROMIUM / SECBPF_CHROMEDRIVER naming them). Without them the test prints why
//! and passes, unless SECBPF_REQUIRE_BROWSER=1 (set by .ci/run), which makes it fail.

mod local_server;

use local_server::Served;
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn find_tool(env: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env) {
        return Some(PathBuf::from(p)).filter(|p| p.is_file());
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path).chain([PathBuf::from("/usr/bin")]) {
        for n in names {
            let p = dir.join(n);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// The browser and driver, or why the test cannot run.
fn tools() -> Result<(PathBuf, PathBuf), String> {
    let chromium = find_tool("SECBPF_CHROMIUM", &["chromium", "chromium-browser"])
        .ok_or("no chromium (install the Debian package chromium, or set SECBPF_CHROMIUM)")?;
    let driver = find_tool("SECBPF_CHROMEDRIVER", &["chromedriver"]).ok_or(
        "no chromedriver (install the Debian package chromium-driver, or set SECBPF_CHROMEDRIVER)",
    )?;
    Ok((chromium, driver))
}

/// A chromedriver process, killed when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP exchange with chromedriver (a connection per request).
fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(Duration::from_secs(120)))
        .map_err(|e| e.to_string())?;
    let body = body.map(Value::to_string).unwrap_or_default();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).map_err(|e| e.to_string())?;
    // chromedriver keeps the connection open: read the head, then Content-Length bytes.
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let end = loop {
        if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break p;
        }
        let n = s.read(&mut chunk).map_err(|e| e.to_string())?;
        if n == 0 {
            return Err("connection closed before the response head".into());
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..end]).into_owned();
    let lower = head.to_ascii_lowercase();
    let mut rest = buf[end + 4..].to_vec();
    let len = lower
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok());
    match len {
        Some(len) => {
            while rest.len() < len {
                let n = s.read(&mut chunk).map_err(|e| e.to_string())?;
                if n == 0 {
                    break;
                }
                rest.extend_from_slice(&chunk[..n]);
            }
        }
        None => {
            s.read_to_end(&mut rest).map_err(|e| e.to_string())?;
            if lower.contains("transfer-encoding: chunked") {
                rest = dechunk(&rest);
            }
        }
    }
    let v: Value = serde_json::from_slice(&rest)
        .map_err(|e| format!("{e}: {}", String::from_utf8_lossy(&rest)))?;
    let ok = head.split(' ').nth(1) == Some("200");
    if ok {
        Ok(v)
    } else {
        Err(format!("{method} {path}: {head}: {v}"))
    }
}

fn dechunk(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(p) = b[i..].windows(2).position(|w| w == b"\r\n") {
        let n =
            usize::from_str_radix(String::from_utf8_lossy(&b[i..i + p]).trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        let start = i + p + 2;
        out.extend_from_slice(&b[start..(start + n).min(b.len())]);
        i = start + n + 2;
        if i >= b.len() {
            break;
        }
    }
    out
}

fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::new();
    let mut acc = 0u32;
    let mut bits = 0;
    for v in s.bytes().filter_map(val) {
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

/// A WebDriver session.
struct Session<'d> {
    d: &'d Driver,
    id: String,
}

impl Session<'_> {
    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let p = format!("/session/{}{path}", self.id);
        http(self.d.port, method, &p, body.as_ref()).unwrap_or_else(|e| panic!("webdriver: {e}"))
            ["value"]
            .clone()
    }

    fn goto(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({ "url": url })));
    }

    fn js(&self, script: &str) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
    }

    fn find(&self, css: &str) -> String {
        let v = self.cmd(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        );
        v[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("{css}: {v}"))
            .to_string()
    }

    fn click(&self, css: &str) {
        let e = self.find(css);
        self.cmd("POST", &format!("/element/{e}/click"), Some(json!({})));
    }

    fn type_into(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.cmd("POST", &format!("/element/{e}/clear"), Some(json!({})));
        self.cmd(
            "POST",
            &format!("/element/{e}/value"),
            Some(json!({ "text": text })),
        );
    }

    fn text(&self, css: &str) -> String {
        let e = self.find(css);
        self.cmd("GET", &format!("/element/{e}/text"), None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Wait until `script` returns true.
    fn wait(&self, what: &str, script: &str) {
        let t = Instant::now();
        while t.elapsed() < Duration::from_secs(60) {
            if self.js(script) == json!(true) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("timed out waiting for {what}");
    }

    fn screenshot(&self, path: &Path) {
        let v = self.cmd("GET", "/screenshot", None);
        let png = base64_decode(v.as_str().unwrap_or_default());
        assert!(png.starts_with(b"\x89PNG"), "screenshot is not a PNG");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, png).unwrap();
        println!("screenshot: {}", path.display());
    }
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        let _ = http(
            self.d.port,
            "DELETE",
            &format!("/session/{}", self.id),
            None,
        );
    }
}

fn start_driver(driver: &Path) -> Driver {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run chromedriver");
    let d = Driver { child, port };
    let t = Instant::now();
    while http(port, "GET", "/status", None).is_err() {
        assert!(
            t.elapsed() < Duration::from_secs(30),
            "chromedriver did not answer"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    d
}

fn new_session<'d>(d: &'d Driver, chromium: &Path, profile: &Path) -> Session<'d> {
    let args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1500,1000",
        &format!("--user-data-dir={}", profile.display()),
    ];
    let caps = json!({"capabilities": {"alwaysMatch": {
        "browserName": "chrome",
        "goog:chromeOptions": {"binary": chromium, "args": args},
    }}});
    let v = http(d.port, "POST", "/session", Some(&caps))
        .unwrap_or_else(|e| panic!("cannot start chromium: {e}"));
    let id = v["value"]["sessionId"]
        .as_str()
        .expect("session id")
        .to_string();
    Session { d, id }
}

/// What the page shows: the highlighted pc in the listing and in the graph, A, X.
fn shown(s: &Session) -> (usize, bool, String, String) {
    let v = s.js(
        "const r = document.querySelector('#listing tr.current, #listing tr.returned');\
         const g = document.querySelector('#graph g.node.current');\
         return [r ? Number(r.dataset.pc) : -1,\
                 !!g && r && g.dataset.pcs.split(' ').includes(r.dataset.pc),\
                 document.getElementById('reg-a').textContent,\
                 document.getElementById('reg-x').textContent];",
    );
    (
        v[0].as_i64().unwrap_or(-1) as usize,
        v[1].as_bool().unwrap_or(false),
        v[2].as_str().unwrap_or_default().to_string(),
        v[3].as_str().unwrap_or_default().to_string(),
    )
}

fn reg(v: u32) -> String {
    format!("{v:#010x} ({v})")
}

#[test]
fn step_openat_through_the_docker_filter_in_chromium() {
    let (chromium, driver) = match tools() {
        Ok(t) => t,
        Err(why) => {
            if std::env::var("SECBPF_REQUIRE_BROWSER").as_deref() == Ok("1") {
                panic!("SECBPF_REQUIRE_BROWSER=1 but {why}");
            }
            println!("skipped: {why}");
            return;
        }
    };
    let root = local_server::root();
    let out_dir = root.join("target").join("browser");
    let profile = out_dir.join(format!("profile-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&profile);
    std::fs::create_dir_all(&profile).unwrap();

    // The expected states, from the library's Machine.
    let file = "corpus/docker-x86_64.bpf";
    let bytes = std::fs::read(root.join(file)).unwrap();
    let prog =
        secbpf::check(&secbpf::codec::decode_raw(&bytes, secbpf::Endian::Little).unwrap()).unwrap();
    let data = secbpf::SeccompData {
        nr: secbpf::Arch::x86_64().syscall_nr("openat").unwrap(),
        arch: secbpf::Arch::x86_64().audit,
        instruction_pointer: 0,
        args: [0; 6],
    };
    let mut m = secbpf::Machine::new(&prog, data.words());
    let mut expected = vec![(m.pc(), m.regs().a, m.regs().x)];
    while m.step().is_some() {
        expected.push((m.pc(), m.regs().a, m.regs().x));
    }
    let n = expected.len() - 1;
    // The jeq that finds openat: two steps before the return (the jeq, then `ret`).
    let bp = expected[n - 2].0;

    // A budget no loaded machine runs out of: the summary is exact, with witnesses.
    let server = Served::start(&[file, "--budget-time", "120"]);
    let d = start_driver(&driver);
    let s = new_session(&d, &chromium, &profile);
    s.goto(&server.url("/"));
    s.wait("the page", "return document.body.dataset.ready === '1'");
    assert_eq!(shown(&s).0, 0, "the page starts at pc 0");

    s.type_into("#syscall", "openat");
    s.click("#run");
    s.wait(
        "the openat trace",
        "return document.getElementById('input-shown').textContent.includes('(openat)')",
    );
    // Break at the jeq on openat, continue to it.
    s.click(&format!("#listing tr[data-pc='{bp}'] td.pc"));
    s.click("#continue");
    s.wait(
        "the breakpoint",
        &format!("return document.body.dataset.step === '{}'", n - 2),
    );
    let (pc, in_graph, a, x) = shown(&s);
    assert_eq!(
        (pc, a, x),
        (bp, reg(expected[n - 2].1), reg(expected[n - 2].2))
    );
    assert!(in_graph, "the graph highlights the node of pc {pc}");
    assert!(
        s.text("#meaning").contains("(openat)"),
        "{}",
        s.text("#meaning")
    );
    // Two steps: the jeq, then the return.
    s.click("#step");
    s.click("#step");
    s.wait(
        "the return",
        &format!("return document.body.dataset.step === '{n}'"),
    );
    let (pc, in_graph, a, x) = shown(&s);
    assert_eq!(
        (pc, a, x),
        (expected[n].0, reg(expected[n].1), reg(expected[n].2))
    );
    assert!(in_graph);
    assert_eq!(
        s.text("#result"),
        "result: ALLOW [filter 0]; the syscall runs"
    );
    s.screenshot(&out_dir.join("serve-docker-openat-return.png"));
    // And back.
    s.click("#back");
    s.wait(
        "one step back",
        &format!("return document.body.dataset.step === '{}'", n - 1),
    );
    let (pc, _, a, _) = shown(&s);
    assert_eq!((pc, a), (expected[n - 1].0, reg(expected[n - 1].1)));
    s.click("#start");
    s.wait("the start", "return document.body.dataset.step === '0'");
    for (k, want) in expected.iter().enumerate().skip(1).take(3) {
        s.click("#step");
        s.wait(
            "a step",
            &format!("return document.body.dataset.step === '{k}'"),
        );
        let (pc, in_graph, a, x) = shown(&s);
        assert_eq!((pc, a, x), (want.0, reg(want.1), reg(want.2)), "step {k}");
        assert!(in_graph, "step {k}");
    }
    s.screenshot(&out_dir.join("serve-docker-openat-step3.png"));

    // A region of the summary loads its witness; at the end the page shows its action.
    let action = s.text("#summary .region .action");
    s.click("#summary .region");
    s.wait(
        "the witness",
        "return document.getElementById('input-shown').textContent.includes('(clone)')",
    );
    s.click("#end");
    s.wait(
        "the witness's return",
        "return document.getElementById('result').textContent !== ''",
    );
    assert!(
        s.text("#result").starts_with(&format!("result: {action} ")),
        "{} vs {action}",
        s.text("#result")
    );

    // A pasted filter the kernel refuses: check's diagnostic, at its pc.
    s.click("#load-box summary");
    s.type_into("#paste", "ld [0]\nret #0\nld [4]\n");
    s.click("#paste-load");
    s.wait(
        "the diagnostic",
        "return document.querySelector('#diagnostics .diag') !== null",
    );
    assert!(
        s.text("#diagnostics").contains("EINVAL"),
        "{}",
        s.text("#diagnostics")
    );
    let err_pc = s.js("return document.querySelector('#listing tr.error').dataset.pc");
    assert_eq!(err_pc, json!("2"));
    drop(s);
    drop(d);
    let _ = std::fs::remove_dir_all(&profile);
}
