//! `secbpf serve`: a teaching page in the browser, served by secbpf itself on loopback.
//!
//! A small HTTP/1.1 server over `std::net` (one request per connection, then close):
//! the page (HTML, JS and CSS compiled into the binary) and a JSON API. Every answer is
//! computed by the library: the listing and stepping come from
//! [`secbpf::analysis::step::Session`] (the page holds no interpreter: it asks for the
//! whole trace of an input and moves through it), the graph from
//! [`secbpf::analysis::svg`], the summary from explain, the diagnostics from check.
//!
//! Security, for a server any web page the user visits could try to reach:
//! - it listens on a loopback address only (`--bind` refuses any other);
//! - it answers only requests whose `Host` is its own address (or `localhost`) with its
//!   port, and whose `Origin`, when sent, is that same origin: a page on another site,
//!   or one that rebinds its DNS name to 127.0.0.1, gets 403;
//! - a request head is at most [`MAX_HEAD`] bytes and a body (an uploaded filter) at
//!   most [`MAX_UPLOAD`] bytes (413 past it, before reading it); a connection that sends
//!   nothing for [`IO_TIMEOUT`] is dropped; at most [`MAX_CONNECTIONS`] are served at
//!   once (503 past it);
//! - explain runs within the analysis budget (`--budget-time`, `--budget-memory`);
//! - files are read once, at start, and only those named on the command line: the API
//!   names filters by number, never by path;
//! - the page's Content-Security-Policy allows nothing but this server, so it makes no
//!   other network request.
//!
//! API (JSON): `GET /api/filters`, `GET /api/filter?id=N` (listing, diagnostics, graph,
//! summary, lint), `POST /api/upload[?format=F]` (a filter in any format secbpf reads, as
//! the body; gives its id), `POST /api/trace` (`{"id", "arch", "syscall", "args", "ip"}`:
//! every state from the start to the return), `GET /api/syscalls?arch=A`.

use super::common::{display, outln, read_filter_bytes, CliError, InFormat, ReadOpts};
use secbpf::analysis::budget::Budget;
use secbpf::analysis::explain::{self, Explanation};
use secbpf::analysis::step::{parse_input, Session, StepState};
use secbpf::analysis::{lint, svg};
use secbpf::codec::{self, DecodeOptions, Format};
use secbpf::consts::BPF_MAXINSNS;
use secbpf::disasm::{annotations, disasm_line, DisasmOptions};
use secbpf::seccomp::arch::{Arch, ARCHES};
use secbpf::seccomp::{RetValue, SeccompData};
use secbpf::verify::{self, VerifyError};
use secbpf::{Endian, Insn, VerifiedProgram};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// The largest request head (request line and headers), in bytes.
pub const MAX_HEAD: usize = 16 << 10;
/// The largest request body (an uploaded filter), in bytes: 1 MiB, room for any filter
/// of up to 4096 instructions (the kernel's limit) in every text format.
pub const MAX_UPLOAD: usize = 1 << 20;
/// How long a connection may stay silent.
pub const IO_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections served at once.
pub const MAX_CONNECTIONS: usize = 16;
/// Uploaded filters kept (the oldest is forgotten past it).
pub const MAX_UPLOADS: usize = 32;

const INDEX_HTML: &str = include_str!("web/index.html");
const APP_JS: &str = include_str!("web/app.js");
const STYLE_CSS: &str = include_str!("web/style.css");

/// Start the teaching page on 127.0.0.1 and print its URL: the listing, the control-flow
/// graph, the registers and the explain summary side by side; pick an input (arch,
/// syscall, args, ip), step forward and back, set breakpoints, click a region of the
/// summary to load its witness, paste or upload a filter in any format. Runs until
/// interrupted (Ctrl-C). Exit 2 for usage, I/O or parse errors (a file that cannot be
/// read or decoded, an address that is not loopback, a port in use).
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Filter files to offer on the page (each on its own; more can be pasted or
    /// uploaded there). Only these paths are ever read.
    #[arg(value_name = "FILE")]
    files: Vec<String>,
    /// TCP port (default: one the system chooses; the URL printed says which).
    #[arg(long, value_name = "N", default_value_t = 0)]
    port: u16,
    /// Address to listen on: a loopback address only (127.0.0.1, another 127.x.y.z, or
    /// ::1).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    bind: String,
    /// Print the address as one JSON line (`{"url", "host", "port"}`) instead of text.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    read: ReadOpts,
    #[command(flatten)]
    budget: super::budget_opts::BudgetOpts,
}

/// A filter the page can show: read from a named file or uploaded.
struct Filter {
    name: String,
    insns: Vec<Insn>,
    checked: Result<VerifiedProgram, VerifyError>,
    /// The view, computed on first request (explain can take up to the budget).
    view: OnceLock<Value>,
}

struct Server {
    /// (id, filter): the named files first (ids 0..), then uploads.
    filters: Mutex<Vec<(usize, Arc<Filter>)>>,
    next_id: AtomicUsize,
    named: usize,
    budget: Budget,
    /// `Host` values accepted (`127.0.0.1:8000`, `localhost:8000`).
    hosts: Vec<String>,
    active: AtomicUsize,
}

pub fn main(a: Args) -> Result<i32, CliError> {
    let budget = a.budget.budget()?;
    let ip: IpAddr = a
        .bind
        .trim_matches(|c| c == '[' || c == ']')
        .parse()
        .map_err(|_| {
            CliError::usage(format!(
            "--bind: '{}' is not an IP address (give a loopback address such as 127.0.0.1 or ::1)",
            a.bind
        ))
        })?;
    if !ip.is_loopback() {
        return Err(CliError::usage(format!(
            "--bind: {ip} is not a loopback address: the page would be reachable from other machines; serve binds to 127.0.0.1 (or another loopback address) only"
        )));
    }
    let mut filters = Vec::new();
    for (id, f) in a.files.iter().enumerate() {
        let format = a.read.format.map(InFormat::lib);
        let bytes = read_filter_bytes(f, format)?;
        let endian = a.read.endian.map_or(Endian::native(), |e| e.lib());
        let filter = decode_filter(display(f), &bytes, format, endian).map_err(|e| {
            CliError::usage(format!(
                "{}: {e}; force a format with --format raw|asm|line|ddd|c",
                display(f)
            ))
        })?;
        filters.push((id, Arc::new(filter)));
    }
    let listener = TcpListener::bind(SocketAddr::new(ip, a.port)).map_err(|e| {
        CliError::usage(format!(
            "cannot listen on {}: {}",
            SocketAddr::new(ip, a.port),
            super::common::io_reason(&e)
        ))
    })?;
    let addr = listener
        .local_addr()
        .map_err(|e| CliError::usage(format!("cannot read the listening address: {e}")))?;
    let port = addr.port();
    let host = match ip {
        IpAddr::V4(v) => format!("{v}:{port}"),
        IpAddr::V6(v) => format!("[{v}]:{port}"),
    };
    let hosts = vec![host.clone(), format!("localhost:{port}")];
    let server = Arc::new(Server {
        next_id: AtomicUsize::new(filters.len()),
        named: filters.len(),
        filters: Mutex::new(filters),
        budget,
        hosts,
        active: AtomicUsize::new(0),
    });
    if a.json {
        outln!(
            "{}",
            json!({"url": format!("http://{host}/"), "host": host, "port": port})
        )?;
    } else {
        outln!("secbpf serve: http://{host}/ (Ctrl-C to stop)")?;
    }
    super::common::flush_stdout()?;
    for conn in listener.incoming() {
        let Ok(stream) = conn else { continue };
        if server.active.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            server.active.fetch_sub(1, Ordering::SeqCst);
            let mut s = stream;
            let _ = respond(
                &mut s,
                &Response::error(503, "too many connections at once; try again"),
            );
            continue;
        }
        let srv = Arc::clone(&server);
        let spawned = std::thread::Builder::new()
            .name("serve".into())
            .spawn(move || {
                let mut s = stream;
                let r = handle(&srv, &mut s);
                let _ = respond(&mut s, &r);
                srv.active.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            // No thread: the connection is dropped with the closure.
            server.active.fetch_sub(1, Ordering::SeqCst);
        }
    }
    Ok(0)
}

fn decode_filter(
    name: &str,
    bytes: &[u8],
    format: Option<Format>,
    endian: Endian,
) -> Result<Filter, codec::DecodeError> {
    let insns = if bytes.is_empty() {
        Vec::new()
    } else {
        codec::decode(
            bytes,
            format,
            &DecodeOptions {
                endian,
                arch: Arch::x86_64(),
            },
        )?
    };
    let checked = verify::check(&insns);
    Ok(Filter {
        name: name.to_string(),
        insns,
        checked,
        view: OnceLock::new(),
    })
}

/// An HTTP response.
struct Response {
    status: u16,
    ctype: &'static str,
    body: Vec<u8>,
}

impl Response {
    fn json(status: u16, v: &Value) -> Response {
        Response {
            status,
            ctype: "application/json",
            body: v.to_string().into_bytes(),
        }
    }

    fn error(status: u16, msg: &str) -> Response {
        Response::json(status, &json!({ "error": msg }))
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        411 => "Length Required",
        413 => "Payload Too Large",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Error",
    }
}

fn respond(s: &mut TcpStream, r: &Response) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nX-Frame-Options: DENY\r\nReferrer-Policy: no-referrer\r\nContent-Security-Policy: default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'\r\n\r\n",
        r.status,
        reason(r.status),
        r.ctype,
        r.body.len()
    );
    s.write_all(head.as_bytes())?;
    s.write_all(&r.body)?;
    s.flush()
}

/// A parsed request.
struct Request {
    method: String,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Decode `%XX` and `+` of a query component.
fn url_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                match std::str::from_utf8(&b[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    Some(v) => {
                        out.push(v);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Read one request: the head (at most [`MAX_HEAD`] bytes) and a body of
/// `Content-Length` bytes (at most [`MAX_UPLOAD`], refused before it is read). `Err` is
/// the response to send.
fn read_request(s: &mut TcpStream) -> Result<Request, Response> {
    let _ = s.set_read_timeout(Some(IO_TIMEOUT));
    let _ = s.set_write_timeout(Some(IO_TIMEOUT));
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break p;
        }
        if buf.len() > MAX_HEAD {
            return Err(Response::error(
                431,
                &format!("request head longer than {MAX_HEAD} bytes"),
            ));
        }
        match s.read(&mut chunk) {
            Ok(0) => return Err(Response::error(400, "request cut short")),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(_) => return Err(Response::error(408, "request not received in time")),
        }
    };
    if head_end > MAX_HEAD {
        return Err(Response::error(
            431,
            &format!("request head longer than {MAX_HEAD} bytes"),
        ));
    }
    let Ok(head) = std::str::from_utf8(&buf[..head_end]) else {
        return Err(Response::error(400, "request head is not UTF-8"));
    };
    let mut it = head.split("\r\n");
    let first = it.next().unwrap_or_default();
    let mut parts = first.split(' ');
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(Response::error(400, "malformed request line"));
    };
    if !version.starts_with("HTTP/1.") {
        return Err(Response::error(400, "only HTTP/1.x is served"));
    }
    let mut headers = Vec::new();
    for l in it {
        let Some((k, v)) = l.split_once(':') else {
            return Err(Response::error(400, "malformed header line"));
        };
        headers.push((k.trim().to_string(), v.trim().to_string()));
    }
    let (path, q) = target.split_once('?').unwrap_or((target, ""));
    let query = q
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (url_decode(k), url_decode(v))
        })
        .collect();
    let mut req = Request {
        method: method.to_string(),
        path: path.to_string(),
        query,
        headers,
        body: Vec::new(),
    };
    if req.header("transfer-encoding").is_some() {
        return Err(Response::error(
            411,
            "chunked bodies are not accepted; send Content-Length",
        ));
    }
    let len = match req.header("content-length") {
        None => 0,
        Some(v) => v
            .parse::<usize>()
            .map_err(|_| Response::error(400, "Content-Length is not a number"))?,
    };
    if len > MAX_UPLOAD {
        return Err(Response::error(
            413,
            &format!("body of {len} bytes is over the limit of {MAX_UPLOAD} bytes"),
        ));
    }
    let mut body: Vec<u8> = buf[head_end + 4..].to_vec();
    body.truncate(len);
    while body.len() < len {
        let want = (len - body.len()).min(chunk.len());
        match s.read(&mut chunk[..want]) {
            Ok(0) | Err(_) => {
                return Err(Response::error(408, "request body not received in full"))
            }
            Ok(n) => body.extend_from_slice(&chunk[..n]),
        }
    }
    req.body = body;
    Ok(req)
}

/// The request's checks against DNS rebinding and cross-site requests.
fn check_origin(server: &Server, req: &Request) -> Result<(), Response> {
    let host = req.header("host").unwrap_or("");
    if !server.hosts.iter().any(|h| h.eq_ignore_ascii_case(host)) {
        return Err(Response::error(
            403,
            &format!(
                "Host '{host}' is not this server ({}): refused (DNS rebinding protection)",
                server.hosts.join(" or ")
            ),
        ));
    }
    if let Some(origin) = req.header("origin") {
        let ok = server
            .hosts
            .iter()
            .any(|h| origin.eq_ignore_ascii_case(&format!("http://{h}")));
        if !ok {
            return Err(Response::error(
                403,
                &format!("Origin '{origin}' is not this server: refused (cross-site request)"),
            ));
        }
    }
    Ok(())
}

fn handle(server: &Server, s: &mut TcpStream) -> Response {
    let req = match read_request(s) {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    if let Err(resp) = check_origin(server, &req) {
        return resp;
    }
    route(server, &req)
}

fn route(server: &Server, req: &Request) -> Response {
    let static_file = |ctype: &'static str, body: &str| Response {
        status: 200,
        ctype,
        body: body.as_bytes().to_vec(),
    };
    match (req.method.as_str(), req.path.as_str()) {
        ("GET", "/") | ("GET", "/index.html") => {
            static_file("text/html; charset=utf-8", INDEX_HTML)
        }
        ("GET", "/app.js") => static_file("text/javascript; charset=utf-8", APP_JS),
        ("GET", "/style.css") => static_file("text/css; charset=utf-8", STYLE_CSS),
        ("GET", "/api/filters") => Response::json(200, &filter_list(server)),
        ("GET", "/api/arches") => Response::json(200, &arches()),
        ("GET", "/api/syscalls") => syscalls(req),
        ("GET", "/api/filter") => match lookup(server, req.param("id")) {
            Ok(f) => Response::json(200, filter_view(server, &f)),
            Err(r) => r,
        },
        ("POST", "/api/upload") => upload(server, req),
        ("POST", "/api/trace") => trace(server, req),
        (_, "/" | "/index.html" | "/app.js" | "/style.css")
        | (
            _,
            "/api/filters" | "/api/arches" | "/api/syscalls" | "/api/filter" | "/api/upload"
            | "/api/trace",
        ) => Response::error(405, &format!("{} is not allowed here", req.method)),
        _ => Response::error(404, &format!("no such page: {}", req.path)),
    }
}

fn filter_list(server: &Server) -> Value {
    let fs = server.filters.lock().map(|g| g.clone()).unwrap_or_default();
    Value::Array(
        fs.iter()
            .map(|(id, f)| {
                json!({
                    "id": id,
                    "name": f.name,
                    "source": if *id < server.named { "file" } else { "upload" },
                    "accepted": f.checked.is_ok(),
                })
            })
            .collect(),
    )
}

fn arches() -> Value {
    Value::Array(
        ARCHES
            .iter()
            .map(|a| json!({"name": a.name, "audit": a.audit}))
            .collect(),
    )
}

fn syscalls(req: &Request) -> Response {
    let name = req.param("arch").unwrap_or("x86_64");
    match Arch::by_name(name) {
        Some(a) => Response::json(200, &json!(a.syscall_names())),
        None => Response::error(400, &format!("unknown arch '{name}'")),
    }
}

fn lookup(server: &Server, id: Option<&str>) -> Result<Arc<Filter>, Response> {
    let id: usize = id
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| Response::error(400, "give the filter's number: id=N"))?;
    let fs = server
        .filters
        .lock()
        .map_err(|_| Response::error(503, "server state is unavailable"))?;
    fs.iter()
        .find(|(i, _)| *i == id)
        .map(|(_, f)| Arc::clone(f))
        .ok_or_else(|| Response::error(404, &format!("no filter {id}")))
}

fn hex64(v: u64) -> String {
    format!("{v:#x}")
}

/// A witness as the page loads it: names where known, 64-bit values as hex strings
/// (JavaScript numbers hold 53 bits).
fn witness(d: &SeccompData) -> Value {
    let arch = Arch::by_audit(d.arch);
    json!({
        "arch": arch.map_or(format!("{:#x}", d.arch), |a| a.name.to_string()),
        "nr": d.nr,
        "syscall": arch.and_then(|a| a.syscall_name(d.nr)),
        "args": d.args.iter().map(|&a| hex64(a)).collect::<Vec<_>>(),
        "ip": hex64(d.instruction_pointer),
    })
}

/// The explain summary as the page shows it: per arch, groups of syscalls with the same
/// outcome, each region with its action, condition and witness.
fn summary(ex: &Explanation) -> Value {
    let mut out = Vec::new();
    for a in &ex.arches {
        let label = match a.arch {
            Some(v) => {
                let name = Arch::by_audit(v).map_or(format!("{v:#x}"), |x| x.name.to_string());
                if a.x32 {
                    format!("{name} ({v:#x}), x32 syscalls")
                } else {
                    format!("{name} ({v:#x})")
                }
            }
            None => "any other arch".to_string(),
        };
        let mut groups = Vec::new();
        let mut seen = Vec::new();
        for s in &a.syscalls {
            if seen.contains(&s.group) {
                continue;
            }
            seen.push(s.group);
            let names: Vec<String> = a
                .syscalls
                .iter()
                .filter(|t| t.group == s.group)
                .map(|t| match (t.name, t.nr) {
                    (Some(n), _) => n.to_string(),
                    (None, Some(nr)) => format!("nr {nr}"),
                    (None, None) => "?".into(),
                })
                .collect();
            groups.push(json!({"syscalls": names, "regions": regions(&s.regions)}));
        }
        let head = if a.syscalls.is_empty() {
            "all syscalls"
        } else {
            "all other syscalls"
        };
        groups.push(json!({"syscalls": [head], "regions": regions(&a.default.regions)}));
        out.push(json!({"arch": label, "groups": groups}));
    }
    json!({
        "arches": out,
        "approximate": ex.approximate,
        "budget_spent": ex.budget_spent.map(|e| e.name()),
    })
}

fn regions(rs: &[explain::RegionExplain]) -> Value {
    Value::Array(
        rs.iter()
            .map(|r| {
                json!({
                    "action": r.ret.map_or_else(
                        || format!("computed: {}", r.value.as_deref().unwrap_or("A")),
                        |x| RetValue(x).to_string()
                    ),
                    "condition": r.condition.to_string(),
                    "approximate": r.approx,
                    "witness": r.witness.as_ref().map(witness),
                })
            })
            .collect(),
    )
}

/// Everything the page shows about a filter but the trace; computed once.
fn filter_view<'f>(server: &Server, f: &'f Filter) -> &'f Value {
    f.view.get_or_init(|| {
        let (rows, diagnostics, svg_text, summary_v, text, lints) = match &f.checked {
            Ok(v) => {
                let progs = std::slice::from_ref(v);
                let rows: Vec<Value> = match Session::new(progs, vec![f.name.clone()], SeccompData::default()) {
                    Ok(s) => s
                        .rows(0)
                        .into_iter()
                        .enumerate()
                        .map(|(pc, (t, c))| json!({"pc": pc, "text": t, "comment": c}))
                        .collect(),
                    Err(_) => Vec::new(),
                };
                let ex = explain::explain_with(progs, None, &server.budget);
                let lints: Vec<Value> = lint::lint(v)
                    .iter()
                    .map(|x| {
                        json!({"severity": x.severity.name(), "pc": x.pc, "code": x.code, "message": x.message})
                    })
                    .collect();
                (
                    rows,
                    Vec::new(),
                    svg::to_svg(v.insns(), None),
                    summary(&ex),
                    explain::to_text(&ex),
                    lints,
                )
            }
            Err(e) => {
                // A refused program can be longer than any the kernel takes: the page
                // shows (and draws) at most BPF_MAXINSNS instructions of it.
                let shown = &f.insns[..f.insns.len().min(BPF_MAXINSNS)];
                let notes = annotations(shown, &DisasmOptions::default());
                let rows: Vec<Value> = (0..shown.len())
                    .map(|pc| {
                        json!({
                            "pc": pc,
                            "text": disasm_line(shown, pc),
                            "comment": notes.get(pc).cloned().flatten().unwrap_or_default(),
                        })
                    })
                    .collect();
                let diag = json!({
                    "pc": e.pc(),
                    "errno": e.errno_name(),
                    "message": e.message(),
                    "text": super::check::diagnostic(&f.name, &f.insns, e),
                });
                let svg_text = if shown.is_empty() || shown.len() < f.insns.len() {
                    String::new()
                } else {
                    svg::to_svg(shown, None)
                };
                (rows, vec![diag], svg_text, Value::Null, String::new(), Vec::new())
            }
        };
        json!({
            "name": f.name,
            "insns": f.insns.len(),
            "accepted": f.checked.is_ok(),
            "rows": rows,
            "diagnostics": diagnostics,
            "svg": svg_text,
            "summary": summary_v,
            "explain_text": text,
            "lint": lints,
        })
    })
}

fn upload(server: &Server, req: &Request) -> Response {
    let format = match req
        .param("format")
        .filter(|f| !f.is_empty() && *f != "auto")
    {
        Some(f) => match super::common::parse_in_format(f) {
            Ok(f) => Some(f.lib()),
            Err(e) => return Response::error(400, &e),
        },
        None => None,
    };
    let name = req
        .param("name")
        .filter(|n| !n.is_empty())
        .map_or("pasted filter".to_string(), |n| {
            n.chars().filter(|c| !c.is_control()).take(80).collect()
        });
    let f = match decode_filter(&name, &req.body, format, Endian::native()) {
        Ok(f) => f,
        Err(e) => {
            return Response::json(
                400,
                &json!({
                    "error": e.to_string(),
                    "format": e.format().map(Format::name),
                    "line": e.line(),
                    "col": e.col(),
                }),
            )
        }
    };
    let id = server.next_id.fetch_add(1, Ordering::SeqCst);
    let Ok(mut fs) = server.filters.lock() else {
        return Response::error(503, "server state is unavailable");
    };
    fs.push((id, Arc::new(f)));
    let uploads = fs.len() - server.named;
    if uploads > MAX_UPLOADS {
        fs.remove(server.named);
    }
    Response::json(200, &json!({ "id": id }))
}

fn state_json(s: &StepState) -> Value {
    json!({
        "filter": s.filter,
        "pc": s.pc,
        "executed": s.executed,
        "a": s.a,
        "x": s.x,
        "mem": s.mem,
        "meaning": s.meaning,
        "ret": s.ret,
        "result": s.result,
    })
}

fn trace(server: &Server, req: &Request) -> Response {
    let v: Value = match serde_json::from_slice(&req.body) {
        Ok(v) => v,
        Err(e) => return Response::error(400, &format!("body is not JSON: {e}")),
    };
    let id = v.get("id").map(|x| x.to_string());
    let f = match lookup(server, id.as_deref()) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let Ok(prog) = &f.checked else {
        return Response::error(
            400,
            "the kernel would refuse this filter, so it cannot run (see its diagnostics)",
        );
    };
    let field = |k: &str| -> Option<String> {
        match v.get(k)? {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    let mut words = Vec::new();
    for k in ["arch", "syscall", "args", "ip"] {
        if let Some(val) = field(k) {
            let key = if k == "syscall" { "nr" } else { k };
            words.push(format!("{key}={}", val.replace(' ', "")));
        }
    }
    let refs: Vec<&str> = words.iter().map(String::as_str).collect();
    let data = match parse_input(SeccompData::default(), &refs) {
        Ok(d) => d,
        Err(e) => return Response::error(400, &e),
    };
    let progs = std::slice::from_ref(prog);
    let Ok(mut session) = Session::new(progs, vec![f.name.clone()], data) else {
        return Response::error(400, "no filter to step through");
    };
    let states: Vec<Value> = session.trace(data).iter().map(state_json).collect();
    Response::json(200, &json!({"input": witness(&data), "states": states}))
}
