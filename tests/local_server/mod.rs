//! Start `secbpf serve` for a test and talk HTTP/1.1 to it over a plain TCP socket.
#![allow(dead_code)] // each test file uses part of it

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running `secbpf serve`, killed when dropped.
pub struct Served {
    child: Child,
    /// `127.0.0.1:PORT`, as the server printed it.
    pub host: String,
}

/// A response: status, headers (lowercase names), body.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

pub fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

impl Served {
    /// `secbpf serve ARGS... --port 0` in the repository root; waits for its URL line.
    pub fn start(args: &[&str]) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_secbpf"))
            .arg("serve")
            .args(args)
            .args(["--port", "0"])
            .current_dir(root())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("run secbpf serve");
        let mut line = String::new();
        let out = child.stdout.take().expect("stdout");
        BufReader::new(out).read_line(&mut line).expect("read URL");
        let host = line
            .split("http://")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .unwrap_or_else(|| {
                let _ = child.kill();
                panic!("no URL in the first line of secbpf serve: {line:?}")
            })
            .to_string();
        Served { child, host }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.host)
    }

    /// Send `head` (request line and headers, without the final blank line) and `body`.
    pub fn raw(&self, head: &str, body: &[u8]) -> Reply {
        let mut s = TcpStream::connect(&self.host).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        let mut req = head.trim_end().replace('\n', "\r\n").into_bytes();
        req.extend_from_slice(b"\r\n\r\n");
        req.extend_from_slice(body);
        // The server may answer (413) and close before it reads everything.
        let _ = s.write_all(&req);
        let mut buf = Vec::new();
        let _ = s.read_to_end(&mut buf);
        parse(&buf)
    }

    /// A request with this server's own Host and a body (Content-Length set).
    pub fn request(&self, method: &str, path: &str, extra: &[(&str, &str)], body: &[u8]) -> Reply {
        let mut head = format!("{method} {path} HTTP/1.1\nHost: {}\n", self.host);
        for (k, v) in extra {
            head += &format!("{k}: {v}\n");
        }
        if method == "POST" {
            head += &format!("Content-Length: {}\n", body.len());
        }
        self.raw(&head, body)
    }

    pub fn get(&self, path: &str) -> Reply {
        self.request("GET", path, &[], b"")
    }

    pub fn post(&self, path: &str, body: &[u8]) -> Reply {
        self.request("POST", path, &[], body)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn parse(buf: &[u8]) -> Reply {
    let end = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head: {:?}", String::from_utf8_lossy(buf)));
    let head = String::from_utf8_lossy(&buf[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Reply {
        status,
        headers,
        body: buf[end + 4..].to_vec(),
    }
}
