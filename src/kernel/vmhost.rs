//! Other kernels in virtual machines: fetch Debian kernel images, boot them under qemu
//! (plain emulation, TCG) with an initramfs holding busybox and the secbpf agent
//! ([`super::vmagent`]), and ask the guest's kernel over a serial line with the framed
//! protocol of [`super::vmproto`].
//!
//! Nothing here hangs: every wait has a deadline; a guest that does not answer in time,
//! panics or breaks the protocol is killed, and the next question boots it again.

use super::cagent::{self, Target};
use super::campaign::{installed_stack_for, Asker, INPUT_BATCH, IPS};
use super::oracle::{KernelRet, Observed};
use super::vmproto::{self as p, read_frame, write_raw_frame};
use super::KernelError;
use crate::insn::Insn;
use crate::seccomp::data::SeccompData;
use crate::synth::{Case, GenConfig};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::fmt;
use std::io::{BufReader, Read, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What went wrong with a VM.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VmErrorKind {
    /// A kernel name that is not `debian-X.Y-ARCH`, or an unknown arch.
    BadName,
    /// The kernel is not in the cache (run `secbpf vm fetch NAME`).
    NotCached,
    /// A tool (apt-get, dpkg-deb, qemu) is missing or failed.
    Tool,
    /// Reading or writing files.
    Io,
    /// No static agent for the guest's arch.
    NoAgent,
    /// The guest did not boot, hung, died or broke the protocol.
    Guest,
}

/// An error of the VM layer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VmError {
    /// What kind.
    pub kind: VmErrorKind,
    detail: String,
}

impl VmError {
    #[cold]
    fn new(kind: VmErrorKind, detail: impl Into<String>) -> VmError {
        VmError {
            kind,
            detail: detail.into(),
        }
    }
}

impl fmt::Display for VmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "vm: {}", self.detail)
    }
}

impl std::error::Error for VmError {}

fn io_err(what: &str, e: std::io::Error) -> VmError {
    VmError::new(VmErrorKind::Io, format!("{what}: {e}"))
}

/// A guest architecture.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GuestArch {
    /// x86_64 (Debian amd64).
    X86_64,
    /// arm64 (Debian arm64).
    Arm64,
    /// s390x (Debian s390x).
    S390x,
}

impl GuestArch {
    /// Debian's name of the arch.
    pub fn debian(self) -> &'static str {
        match self {
            GuestArch::X86_64 => "amd64",
            GuestArch::Arm64 => "arm64",
            GuestArch::S390x => "s390x",
        }
    }
    /// Rust's name (`std::env::consts::ARCH`), also the agent's file name suffix.
    pub fn rust(self) -> &'static str {
        match self {
            GuestArch::X86_64 => "x86_64",
            GuestArch::Arm64 => "aarch64",
            GuestArch::S390x => "s390x",
        }
    }
    fn parse(s: &str) -> Option<GuestArch> {
        match s {
            "amd64" | "x86_64" => Some(GuestArch::X86_64),
            "arm64" | "aarch64" => Some(GuestArch::Arm64),
            "s390x" => Some(GuestArch::S390x),
            _ => None,
        }
    }
}

/// A kernel name: `debian-X.Y-ARCH`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KernelName {
    /// `X.Y`.
    pub version: String,
    /// The arch.
    pub arch: GuestArch,
}

impl KernelName {
    /// Parse `debian-6.1-amd64` (arch also as `x86_64`, `aarch64`).
    ///
    /// # Errors
    /// Any other shape.
    pub fn parse(s: &str) -> Result<KernelName, VmError> {
        let bad = || {
            VmError::new(
                VmErrorKind::BadName,
                format!(
                    "{s:?} is not a kernel name: write debian-X.Y-ARCH, e.g. debian-6.1-amd64, \
                     debian-6.12-amd64, debian-6.1-arm64, debian-6.1-s390x"
                ),
            )
        };
        let rest = s.strip_prefix("debian-").ok_or_else(bad)?;
        let (version, arch) = rest.split_once('-').ok_or_else(bad)?;
        let ok = version.split('.').count() == 2
            && version
                .split('.')
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        let arch = GuestArch::parse(arch).ok_or_else(bad)?;
        if !ok {
            return Err(bad());
        }
        Ok(KernelName {
            version: version.to_string(),
            arch,
        })
    }
    /// The canonical name.
    pub fn name(&self) -> String {
        format!("debian-{}-{}", self.version, self.arch.debian())
    }
}

/// The default cache directory: `$XDG_CACHE_HOME/secbpf`, else `~/.cache/secbpf`.
pub fn default_cache_dir() -> PathBuf {
    if let Some(x) = std::env::var_os("XDG_CACHE_HOME").filter(|x| !x.is_empty()) {
        return PathBuf::from(x).join("secbpf");
    }
    let home = std::env::var_os("HOME").unwrap_or_else(|| "/root".into());
    PathBuf::from(home).join(".cache/secbpf")
}

/// A kernel image in the cache.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Image {
    /// Its name (`debian-6.1-amd64`).
    pub name: String,
    /// The arch.
    pub arch: GuestArch,
    /// The Debian package it came from.
    pub package: String,
    /// The package version.
    pub version: String,
    /// The kernel file qemu boots.
    pub kernel: PathBuf,
}

impl Image {
    fn json(&self) -> Value {
        json!({"name": self.name, "arch": self.arch.debian(), "package": self.package,
               "version": self.version, "kernel": self.kernel.display().to_string()})
    }
}

fn run_tool(cmd: &mut Command, what: &str) -> Result<String, VmError> {
    let out = cmd.output().map_err(|e| {
        VmError::new(
            VmErrorKind::Tool,
            format!("cannot run {what}: {e} (run scripts/vm-setup, see README)"),
        )
    })?;
    if !out.status.success() {
        return Err(VmError::new(
            VmErrorKind::Tool,
            format!(
                "{what} failed ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr).trim()
            ),
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn numbers(s: &str) -> Vec<u64> {
    s.split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.parse().ok())
        .collect()
}

/// Debian's package for the kernel: the newest `linux-image-X.Y…-[cloud-]ARCH` apt knows.
///
/// # Errors
/// apt-cache fails or knows none.
pub fn find_package(k: &KernelName) -> Result<String, VmError> {
    let pat = format!("^linux-image-{}[.-][0-9]", regex_escape(&k.version));
    let out = run_tool(
        Command::new("apt-cache").args(["search", "--names-only", &pat]),
        "apt-cache search",
    )?;
    let arch = k.arch.debian();
    let mut best: Option<(Vec<u64>, String)> = None;
    for line in out.lines() {
        let name = line.split_whitespace().next().unwrap_or("");
        let Some(stem) = name.strip_suffix(&format!("-cloud-{arch}")).or_else(|| {
            (k.arch == GuestArch::S390x)
                .then(|| name.strip_suffix("-s390x"))
                .flatten()
        }) else {
            continue;
        };
        if stem.contains("dbg") || stem.contains("unsigned") || stem.contains("rt") {
            continue;
        }
        let key = numbers(stem);
        if best.as_ref().is_none_or(|(b, _)| key > *b) {
            best = Some((key, name.to_string()));
        }
    }
    best.map(|(_, n)| n).ok_or_else(|| {
        VmError::new(
            VmErrorKind::Tool,
            format!(
                "apt knows no package linux-image-{}*-{arch}; run scripts/vm-setup (it adds the \
                 {arch} architecture and runs apt-get update)",
                k.version
            ),
        )
    })
}

fn regex_escape(s: &str) -> String {
    s.replace('.', "\\.")
}

/// Download the kernel into the cache (`CACHE/kernels/NAME/`): `apt-get download` of
/// the package, its kernel file extracted with `dpkg-deb`, the rest deleted.
///
/// # Errors
/// The name, apt, dpkg-deb or the file system.
pub fn fetch(name: &str, cache: &Path) -> Result<Image, VmError> {
    let k = KernelName::parse(name)?;
    let pkg = find_package(&k)?;
    let dir = cache.join("kernels").join(k.name());
    let tmp = cache
        .join("tmp")
        .join(format!("{}-{}", k.name(), std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).map_err(|e| io_err(&tmp.display().to_string(), e))?;
    let qualified = if k.arch == GuestArch::X86_64 {
        pkg.clone()
    } else {
        format!("{pkg}:{}", k.arch.debian())
    };
    let res = (|| {
        run_tool(
            Command::new("apt-get")
                .args(["download", "-q", &qualified])
                .current_dir(&tmp),
            "apt-get download",
        )?;
        let deb = std::fs::read_dir(&tmp)
            .map_err(|e| io_err("the download folder", e))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|x| x == "deb"))
            .ok_or_else(|| VmError::new(VmErrorKind::Tool, "apt-get download left no .deb"))?;
        let version = run_tool(
            Command::new("dpkg-deb")
                .args(["-f"])
                .arg(&deb)
                .arg("Version"),
            "dpkg-deb -f",
        )?
        .trim()
        .to_string();
        let x = tmp.join("x");
        run_tool(
            Command::new("dpkg-deb").arg("-x").arg(&deb).arg(&x),
            "dpkg-deb -x",
        )?;
        let kfile = std::fs::read_dir(x.join("boot"))
            .map_err(|e| io_err("the package's /boot", e))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("vmlinuz") || n.starts_with("vmlinux"))
            })
            .ok_or_else(|| {
                VmError::new(VmErrorKind::Tool, format!("{pkg} has no /boot/vmlinuz"))
            })?;
        std::fs::create_dir_all(&dir).map_err(|e| io_err(&dir.display().to_string(), e))?;
        let mut bytes = std::fs::read(&kfile).map_err(|e| io_err("the kernel file", e))?;
        if k.arch == GuestArch::Arm64 && bytes.starts_with(&[0x1f, 0x8b]) {
            // qemu's -kernel for arm64 wants the plain Image.
            bytes = gunzip(&bytes)?;
        }
        let kernel = dir.join("vmlinuz");
        std::fs::write(&kernel, &bytes).map_err(|e| io_err("the cached kernel", e))?;
        keep_modules(&x, &dir.join("modules"))?;
        let img = Image {
            name: k.name(),
            arch: k.arch,
            package: pkg.clone(),
            version,
            kernel,
        };
        std::fs::write(dir.join("meta.json"), format!("{}\n", img.json()))
            .map_err(|e| io_err("meta.json", e))?;
        Ok(img)
    })();
    let _ = std::fs::remove_dir_all(&tmp);
    res
}

/// Modules the guest needs for its virtio serial port, when the kernel has them as
/// modules rather than built in (Debian's 6.1 cloud kernels): top-level names.
const PORT_MODULES: &[&str] = &["virtio_pci", "virtio_mmio", "virtio_ccw", "virtio_console"];

/// Copy the port's modules and their dependencies (each module's `depends=` in its
/// modinfo) out of an extracted package into `to`, with `to/order` listing them in the
/// order to load (dependencies first). xz-compressed modules are decompressed.
fn keep_modules(extracted: &Path, to: &Path) -> Result<(), VmError> {
    let mut found: HashMap<String, PathBuf> = HashMap::new();
    let mut stack = vec![
        extracted.join("lib/modules"),
        extracted.join("usr/lib/modules"),
    ];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
        {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Some(n) = p.file_name().and_then(|n| n.to_str()) {
                if let Some(stem) = n.strip_suffix(".ko").or_else(|| n.strip_suffix(".ko.xz")) {
                    found.insert(stem.replace('-', "_"), p.clone());
                }
            }
        }
    }
    let load = |p: &Path| -> Result<Vec<u8>, VmError> {
        if p.extension().is_some_and(|x| x == "xz") {
            let o = Command::new("xz")
                .arg("-dc")
                .arg(p)
                .output()
                .map_err(|e| VmError::new(VmErrorKind::Tool, format!("cannot run xz: {e}")))?;
            if !o.status.success() {
                return Err(VmError::new(
                    VmErrorKind::Tool,
                    format!("xz -d failed on {}", p.display()),
                ));
            }
            Ok(o.stdout)
        } else {
            std::fs::read(p).map_err(|e| io_err(&p.display().to_string(), e))
        }
    };
    let mut order: Vec<String> = Vec::new();
    let mut bytes: HashMap<String, Vec<u8>> = HashMap::new();
    fn visit(
        name: &str,
        found: &HashMap<String, PathBuf>,
        load: &dyn Fn(&Path) -> Result<Vec<u8>, VmError>,
        order: &mut Vec<String>,
        bytes: &mut HashMap<String, Vec<u8>>,
        depth: usize,
    ) -> Result<(), VmError> {
        if order.iter().any(|o| o == name) || depth > 16 {
            return Ok(());
        }
        let Some(path) = found.get(name) else {
            return Ok(()); // built in (or absent): nothing to load
        };
        let b = load(path)?;
        let deps = modinfo_depends(&b);
        for d in deps {
            visit(&d, found, load, order, bytes, depth + 1)?;
        }
        if !order.iter().any(|o| o == name) {
            order.push(name.to_string());
            bytes.insert(name.to_string(), b);
        }
        Ok(())
    }
    for m in PORT_MODULES {
        visit(m, &found, &load, &mut order, &mut bytes, 0)?;
    }
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to).map_err(|e| io_err(&to.display().to_string(), e))?;
    for m in &order {
        std::fs::write(to.join(format!("{m}.ko")), &bytes[m]).map_err(|e| io_err("a module", e))?;
    }
    std::fs::write(to.join("order"), order.join("\n") + "\n").map_err(|e| io_err("order", e))
}

/// The `depends=` list of a module's modinfo.
fn modinfo_depends(ko: &[u8]) -> Vec<String> {
    let key = b"depends=";
    let Some(at) = ko.windows(key.len()).position(|w| w == key) else {
        return Vec::new();
    };
    let rest = &ko[at + key.len()..];
    let end = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
    String::from_utf8_lossy(&rest[..end])
        .split(',')
        .filter(|s| !s.is_empty())
        .map(|s| s.replace('-', "_"))
        .collect()
}

fn gunzip(b: &[u8]) -> Result<Vec<u8>, VmError> {
    let mut c = Command::new("gzip")
        .args(["-dc"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| VmError::new(VmErrorKind::Tool, format!("cannot run gzip: {e}")))?;
    let mut stdin = c
        .stdin
        .take()
        .ok_or_else(|| VmError::new(VmErrorKind::Tool, "gzip"))?;
    let data = b.to_vec();
    let w = std::thread::spawn(move || stdin.write_all(&data));
    let out = c
        .wait_with_output()
        .map_err(|e| VmError::new(VmErrorKind::Tool, format!("gzip: {e}")))?;
    let _ = w.join();
    if !out.status.success() {
        return Err(VmError::new(
            VmErrorKind::Tool,
            "gzip -d failed on the kernel",
        ));
    }
    Ok(out.stdout)
}

/// The kernels in the cache.
pub fn list(cache: &Path) -> Vec<Image> {
    let mut v: Vec<Image> = std::fs::read_dir(cache.join("kernels"))
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|e| load_image(&e.path()).ok())
        .collect();
    v.sort_by(|a, b| a.name.cmp(&b.name));
    v
}

fn load_image(dir: &Path) -> Result<Image, VmError> {
    let meta = std::fs::read_to_string(dir.join("meta.json"))
        .map_err(|e| io_err(&dir.join("meta.json").display().to_string(), e))?;
    let v: Value = serde_json::from_str(&meta)
        .map_err(|e| VmError::new(VmErrorKind::Io, format!("{}: {e}", dir.display())))?;
    let s = |k: &str| v[k].as_str().unwrap_or("").to_string();
    Ok(Image {
        name: s("name"),
        arch: GuestArch::parse(&s("arch"))
            .ok_or_else(|| VmError::new(VmErrorKind::Io, "meta.json: bad arch"))?,
        package: s("package"),
        version: s("version"),
        kernel: dir.join("vmlinuz"),
    })
}

/// A kernel by name (in the cache) or by path to a kernel file (an x86_64 bzImage
/// unless the path's folder has a meta.json saying otherwise).
///
/// # Errors
/// Not cached, or not a kernel name or file.
pub fn resolve(kernel: &str, cache: &Path) -> Result<Image, VmError> {
    if kernel.starts_with("debian-") {
        let k = KernelName::parse(kernel)?;
        return load_image(&cache.join("kernels").join(k.name())).map_err(|_| {
            VmError::new(
                VmErrorKind::NotCached,
                format!(
                    "{} is not in {}: run `secbpf vm fetch {}` first",
                    k.name(),
                    cache.display(),
                    k.name()
                ),
            )
        });
    }
    let path = PathBuf::from(kernel);
    if !path.is_file() {
        return Err(VmError::new(
            VmErrorKind::BadName,
            format!("{kernel:?} is neither a kernel name (debian-X.Y-ARCH) nor a kernel file"),
        ));
    }
    if let Some(img) = path.parent().and_then(|d| load_image(d).ok()) {
        return Ok(Image {
            kernel: path,
            ..img
        });
    }
    Ok(Image {
        name: kernel.to_string(),
        arch: GuestArch::X86_64,
        package: String::new(),
        version: String::new(),
        kernel: path,
    })
}

/// Where the static agent for `arch` is: `$SECBPF_VM_AGENT` (x86_64 only), else
/// `CACHE/agents/secbpf-ARCH` (what scripts/vm-setup builds: secbpf itself for x86_64,
/// the C agent `agent/secbpf-agent.c` for aarch64 and s390x), else this program when it
/// is statically linked and of that arch.
///
/// # Errors
/// None of them exists.
pub fn find_agent(arch: GuestArch, cache: &Path) -> Result<PathBuf, VmError> {
    if let Some(p) = std::env::var_os("SECBPF_VM_AGENT").filter(|p| !p.is_empty()) {
        if arch == GuestArch::X86_64 {
            return Ok(PathBuf::from(p));
        }
    }
    let c = cache.join("agents").join(format!("secbpf-{}", arch.rust()));
    if c.is_file() {
        return Ok(c);
    }
    if arch.rust() == std::env::consts::ARCH {
        if let Ok(exe) = std::env::current_exe() {
            if std::fs::read(&exe).is_ok_and(|b| is_static_elf(&b)) {
                return Ok(exe);
            }
        }
    }
    Err(VmError::new(
        VmErrorKind::NoAgent,
        format!(
            "no static secbpf agent for {}: run scripts/vm-setup (it builds one into {})",
            arch.rust(),
            c.display()
        ),
    ))
}

/// An ELF file with no program interpreter (PT_INTERP), i.e. statically linked.
pub fn is_static_elf(b: &[u8]) -> bool {
    if b.len() < 64 || &b[..4] != b"\x7fELF" || b[4] != 2 {
        return false;
    }
    let le = b[5] == 1;
    let u16_at = |o: usize| {
        let x = [b[o], b[o + 1]];
        if le {
            u16::from_le_bytes(x)
        } else {
            u16::from_be_bytes(x)
        }
    };
    let u64_at = |o: usize| {
        let mut x = [0u8; 8];
        x.copy_from_slice(&b[o..o + 8]);
        if le {
            u64::from_le_bytes(x)
        } else {
            u64::from_be_bytes(x)
        }
    };
    let phoff = u64_at(32) as usize;
    let phentsize = u16_at(54) as usize;
    let phnum = u16_at(56) as usize;
    (0..phnum).all(|i| {
        let o = phoff + i * phentsize;
        o + 4 > b.len() || {
            let t = [b[o], b[o + 1], b[o + 2], b[o + 3]];
            (if le {
                u32::from_le_bytes(t)
            } else {
                u32::from_be_bytes(t)
            }) != 3
        }
    })
}

/// A newc cpio archive.
struct Cpio {
    out: Vec<u8>,
    ino: u32,
}

impl Cpio {
    fn new() -> Cpio {
        Cpio {
            out: Vec::new(),
            ino: 1,
        }
    }
    fn entry(&mut self, name: &str, mode: u32, data: &[u8], rdev: (u32, u32)) {
        let namez = name.len() + 1;
        let fields = [
            self.ino,
            mode,
            0,
            0,
            1,
            0,
            data.len() as u32,
            0,
            0,
            rdev.0,
            rdev.1,
            namez as u32,
            0,
        ];
        self.ino += 1;
        self.out.extend_from_slice(b"070701");
        for f in fields {
            self.out.extend_from_slice(format!("{f:08x}").as_bytes());
        }
        self.out.extend_from_slice(name.as_bytes());
        self.out.push(0);
        while !self.out.len().is_multiple_of(4) {
            self.out.push(0);
        }
        self.out.extend_from_slice(data);
        while !self.out.len().is_multiple_of(4) {
            self.out.push(0);
        }
    }
    fn dir(&mut self, name: &str) {
        self.entry(name, 0o040_755, &[], (0, 0));
    }
    fn file(&mut self, name: &str, mode: u32, data: &[u8]) {
        self.entry(name, 0o100_000 | mode, data, (0, 0));
    }
    fn finish(mut self) -> Vec<u8> {
        self.entry("TRAILER!!!", 0, &[], (0, 0));
        self.out
    }
}

/// How qemu is run for an arch: the binary, its machine options and the console.
struct QemuPlan {
    bin: &'static str,
    machine: &'static [&'static str],
    console: &'static str,
}

fn plan(arch: GuestArch) -> QemuPlan {
    match arch {
        GuestArch::X86_64 => QemuPlan {
            bin: "qemu-system-x86_64",
            machine: &["-M", "pc", "-cpu", "max"],
            console: "ttyS0",
        },
        GuestArch::Arm64 => QemuPlan {
            bin: "qemu-system-aarch64",
            // QARMA pointer authentication is slow to emulate; the implementation-defined
            // algorithm is not, and seccomp does not care which one signs pointers.
            machine: &["-M", "virt", "-cpu", "max,pauth-impdef=on"],
            console: "ttyAMA0",
        },
        GuestArch::S390x => QemuPlan {
            bin: "qemu-system-s390x",
            machine: &["-M", "s390-ccw-virtio"],
            console: "ttysclp0",
        },
    }
}

/// The compat agent for an arm64 guest: `CACHE/agents/secbpf-arm` (the C agent built for
/// 32-bit ARM by scripts/vm-setup --all-arches), if it is there.
pub fn find_compat_agent(arch: GuestArch, cache: &Path) -> Option<PathBuf> {
    let c = cache.join("agents").join("secbpf-arm");
    (arch == GuestArch::Arm64 && c.is_file()).then_some(c)
}

/// The initramfs: busybox, the agent (and its compat agent, `/secbpf-arm`), and an /init
/// that mounts what the agent needs, puts its port in raw mode and runs it.
fn initramfs(
    agent: &Path,
    compat: Option<&Path>,
    busybox: &Path,
    modules: &Path,
) -> Result<Vec<u8>, VmError> {
    let agent = std::fs::read(agent).map_err(|e| io_err(&agent.display().to_string(), e))?;
    let compat = match compat {
        Some(c) => Some(std::fs::read(c).map_err(|e| io_err(&c.display().to_string(), e))?),
        None => None,
    };
    let bb = std::fs::read(busybox).map_err(|e| {
        io_err(
            &format!("{} (install busybox-static)", busybox.display()),
            e,
        )
    })?;
    // The agent's port is the first virtio serial port (a plain character device: no
    // tty layer in the way), once the modules it needs are loaded.
    let init = "#!/bin/busybox sh\n\
         bb=/bin/busybox\n\
         $bb mount -t proc proc /proc\n\
         $bb mount -t sysfs sys /sys\n\
         $bb mount -t devtmpfs dev /dev\n\
         for m in $($bb cat /modules/order); do $bb insmod /modules/$m.ko; done\n\
         port=\n\
         i=0\n\
         while [ -z \"$port\" ] && [ $i -lt 200 ]; do\n\
           for p in /dev/vport*p*; do [ -e \"$p\" ] && port=$p && break; done\n\
           [ -n \"$port\" ] || $bb sleep 0.05\n\
           i=$((i+1))\n\
         done\n\
         echo \"secbpf-agent: port $port\"\n\
         if [ -e /secbpf-arm ]; then /secbpf vm-agent --port \"$port\" --compat /secbpf-arm\n\
         else /secbpf vm-agent --port \"$port\"; fi\n\
         echo \"secbpf-agent: exited with status $?\"\n\
         $bb poweroff -f\n";
    let mut c = Cpio::new();
    for d in ["bin", "dev", "proc", "sys", "tmp", "modules"] {
        c.dir(d);
    }
    let order = std::fs::read_to_string(modules.join("order")).unwrap_or_default();
    for m in order.split_whitespace() {
        let b = std::fs::read(modules.join(format!("{m}.ko")))
            .map_err(|e| io_err(&format!("module {m}"), e))?;
        c.file(&format!("modules/{m}.ko"), 0o644, &b);
    }
    c.file("modules/order", 0o644, order.as_bytes());
    c.entry("dev/console", 0o020_600, &[], (5, 1));
    c.file("bin/busybox", 0o755, &bb);
    c.file("secbpf", 0o755, &agent);
    if let Some(a) = &compat {
        c.file("secbpf-arm", 0o755, a);
    }
    c.file("init", 0o755, init.as_bytes());
    Ok(c.finish())
}

/// Options of a guest.
#[derive(Clone, Debug)]
pub struct BootOptions {
    /// The cache directory.
    pub cache: PathBuf,
    /// The agent binary (default: [`find_agent`]).
    pub agent: Option<PathBuf>,
    /// How long booting may take until the agent's hello.
    pub boot_timeout: Duration,
    /// How long one answer may take.
    pub answer_timeout: Duration,
    /// Run the agent (`agent`, a C agent built for this machine) here, with no VM: for
    /// testing the C agent and its host side against the running kernel.
    pub local: bool,
}

impl BootOptions {
    /// Defaults for `cache`: 300 s to boot, 300 s per answer (plain emulation on a
    /// loaded machine is slow; a hung guest is still found).
    pub fn new(cache: PathBuf) -> BootOptions {
        BootOptions {
            cache,
            agent: None,
            boot_timeout: Duration::from_secs(300),
            answer_timeout: Duration::from_secs(300),
            local: false,
        }
    }
}

/// A running guest.
pub struct Guest {
    child: Child,
    stream: BufReader<UnixStream>,
    dir: PathBuf,
    /// The agent's hello (its kernel release, machine).
    pub hello: Value,
    /// How long it took to boot to the hello.
    pub boot_time: Duration,
    answer_timeout: Duration,
}

impl Drop for Guest {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn console_tail(dir: &Path) -> String {
    let s = std::fs::read(dir.join("console.log")).unwrap_or_default();
    let s = String::from_utf8_lossy(&s);
    let lines: Vec<&str> = s.lines().filter(|l| !l.trim().is_empty()).collect();
    let panic = lines
        .iter()
        .position(|l| l.contains("Kernel panic") || l.contains("BUG:") || l.contains("Oops"));
    let from = panic.unwrap_or(lines.len().saturating_sub(3));
    lines[from..lines.len().min(from + 6)].join(" | ")
}

/// What qemu itself said (a kernel file it cannot load, a bad option): its last lines.
fn qemu_tail(dir: &Path) -> String {
    let s = std::fs::read(dir.join("qemu.log")).unwrap_or_default();
    let s = String::from_utf8_lossy(&s);
    let lines: Vec<&str> = s.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(3)..].join(" | ")
}

impl Guest {
    /// Boot `img` and wait for its agent's hello.
    ///
    /// # Errors
    /// qemu, busybox or the agent is missing, or the guest does not say hello in time.
    pub fn boot(img: &Image, opts: &BootOptions) -> Result<Guest, VmError> {
        let start = Instant::now();
        let agent = match &opts.agent {
            Some(a) => a.clone(),
            None => find_agent(img.arch, &opts.cache)?,
        };
        if opts.local {
            return Guest::spawn_local(img, &agent, opts, start);
        }
        let busybox = if img.arch.rust() == std::env::consts::ARCH {
            PathBuf::from("/bin/busybox")
        } else {
            opts.cache
                .join("agents")
                .join(format!("busybox-{}", img.arch.rust()))
        };
        let plan = plan(img.arch);
        static SEQ: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let dir = opts.cache.join("run").join(format!(
            "{}-{}",
            std::process::id(),
            SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| io_err(&dir.display().to_string(), e))?;
        let initrd = dir.join("initramfs.cpio");
        let modules = img
            .kernel
            .parent()
            .map(|d| d.join("modules"))
            .unwrap_or_default();
        // A compat agent only beside the C agent of the cache (not a chosen agent).
        let compat = opts
            .agent
            .is_none()
            .then(|| find_compat_agent(img.arch, &opts.cache))
            .flatten();
        std::fs::write(
            &initrd,
            initramfs(&agent, compat.as_deref(), &busybox, &modules)?,
        )
        .map_err(|e| io_err("the initramfs", e))?;
        let sock = dir.join("agent.sock");
        let listener = UnixListener::bind(&sock).map_err(|e| io_err("the agent socket", e))?;
        listener
            .set_nonblocking(true)
            .map_err(|e| io_err("the agent socket", e))?;
        let mut cmd = Command::new(plan.bin);
        cmd.args(plan.machine)
            .args([
                "-m",
                "512",
                "-smp",
                "1",
                "-accel",
                "tcg",
                "-nodefaults",
                "-no-reboot",
            ])
            .args(["-display", "none", "-monitor", "none"])
            .arg("-kernel")
            .arg(&img.kernel)
            .arg("-initrd")
            .arg(&initrd)
            .args([
                "-append",
                &format!("console={} panic=-1 quiet loglevel=4", plan.console),
            ])
            .arg("-chardev")
            .arg(format!("socket,id=agent,path={}", sock.display()));
        cmd.arg("-serial")
            .arg(format!("file:{}", dir.join("console.log").display()))
            .args([
                "-device",
                "virtio-serial",
                "-device",
                "virtserialport,chardev=agent,name=secbpf",
            ]);
        let log = std::fs::File::create(dir.join("qemu.log")).map_err(|e| io_err("qemu.log", e))?;
        let log2 = log.try_clone().map_err(|e| io_err("qemu.log", e))?;
        let child = cmd
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log2)
            .spawn()
            .map_err(|e| {
                VmError::new(
                    VmErrorKind::Tool,
                    format!("cannot run {}: {e} (run scripts/vm-setup)", plan.bin),
                )
            })?;
        let mut g = Guest {
            child,
            // Replaced below once qemu connects; a placeholder pair until then.
            stream: BufReader::new(
                UnixStream::pair()
                    .map_err(|e| io_err("a socket pair", e))?
                    .0,
            ),
            dir,
            hello: Value::Null,
            boot_time: Duration::ZERO,
            answer_timeout: opts.answer_timeout,
        };
        let deadline = start + opts.boot_timeout;
        let stream = loop {
            match listener.accept() {
                Ok((s, _)) => break s,
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(e) => return Err(io_err("the agent socket", e)),
            }
            if let Ok(Some(st)) = g.child.try_wait() {
                let log = std::fs::read_to_string(g.dir.join("qemu.log")).unwrap_or_default();
                return Err(VmError::new(
                    VmErrorKind::Tool,
                    format!(
                        "{} ended ({st}) before the guest started: {}",
                        plan.bin,
                        log.trim()
                    ),
                ));
            }
            if Instant::now() >= deadline {
                return Err(VmError::new(
                    VmErrorKind::Guest,
                    "qemu did not connect in time",
                ));
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        stream
            .set_nonblocking(false)
            .map_err(|e| io_err("the agent socket", e))?;
        g.stream = BufReader::new(stream);
        let left = deadline
            .saturating_duration_since(Instant::now())
            .max(Duration::from_secs(1));
        let hello = g.read(left).map_err(|e| {
            VmError::new(
                VmErrorKind::Guest,
                format!("{} did not boot to the agent: {}", img.name, e.detail),
            )
        })?;
        if hello["version"].as_u64() != Some(p::VERSION) {
            return Err(VmError::new(
                VmErrorKind::NoAgent,
                format!(
                    "the agent speaks protocol {} and this secbpf {}: rebuild the agent (scripts/vm-setup)",
                    hello["version"],
                    p::VERSION
                ),
            ));
        }
        if let Some(why) = hello["seccomp"].as_str() {
            return Err(VmError::new(
                VmErrorKind::Guest,
                format!("seccomp cannot be used in the guest: {why}"),
            ));
        }
        g.hello = hello;
        g.boot_time = start.elapsed();
        Ok(g)
    }

    /// The agent on this machine, talking on its stdin/stdout (one socket).
    fn spawn_local(
        img: &Image,
        agent: &Path,
        opts: &BootOptions,
        start: Instant,
    ) -> Result<Guest, VmError> {
        static SEQ: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let dir = opts.cache.join("run").join(format!(
            "local-{}-{}",
            std::process::id(),
            SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| io_err(&dir.display().to_string(), e))?;
        let (ours, theirs) = UnixStream::pair().map_err(|e| io_err("a socket pair", e))?;
        let theirs2 = theirs.try_clone().map_err(|e| io_err("a socket", e))?;
        let log =
            std::fs::File::create(dir.join("console.log")).map_err(|e| io_err("console.log", e))?;
        let child = Command::new(agent)
            .args(["vm-agent", "--port", "-"])
            .stdin(Stdio::from(std::os::fd::OwnedFd::from(theirs)))
            .stdout(Stdio::from(std::os::fd::OwnedFd::from(theirs2)))
            .stderr(log)
            .spawn()
            .map_err(|e| {
                VmError::new(
                    VmErrorKind::NoAgent,
                    format!("cannot run the agent {}: {e}", agent.display()),
                )
            })?;
        let mut g = Guest {
            child,
            stream: BufReader::new(ours),
            dir,
            hello: Value::Null,
            boot_time: Duration::ZERO,
            answer_timeout: opts.answer_timeout,
        };
        let hello = g.read(opts.boot_timeout).map_err(|e| {
            VmError::new(
                VmErrorKind::Guest,
                format!("{}: the agent did not say hello: {}", img.name, e.detail),
            )
        })?;
        g.hello = hello;
        g.boot_time = start.elapsed();
        Ok(g)
    }

    fn read(&mut self, timeout: Duration) -> Result<Value, VmError> {
        let deadline = Instant::now() + timeout;
        let s = self.stream.get_ref();
        let _ = s.set_read_timeout(Some(timeout));
        let mut r = Deadline {
            inner: &mut self.stream,
            deadline,
        };
        read_frame(&mut r).map_err(|e| {
            let why = match e.kind() {
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut => {
                    format!("no answer within {}s", timeout.as_secs())
                }
                std::io::ErrorKind::UnexpectedEof => "the guest closed the line (it died)".into(),
                _ => e.to_string(),
            };
            let tail = console_tail(&self.dir);
            let qemu = qemu_tail(&self.dir);
            VmError::new(
                VmErrorKind::Guest,
                if !tail.is_empty() {
                    format!("{why}; guest console: {tail}")
                } else if !qemu.is_empty() {
                    format!("{why}; qemu's log: {qemu}")
                } else {
                    why
                },
            )
        })
    }

    /// Send one request and read its answer (`{"ok": ...}` or `{"error": ...}`).
    ///
    /// # Errors
    /// The guest did not answer in time, died, or broke the protocol: it is then of no
    /// more use (drop it and boot again).
    pub fn ask(&mut self, req: &Value) -> Result<Value, VmError> {
        self.ask_raw(req.to_string().as_bytes())
    }

    /// Send one request as its frame's payload bytes (JSON for the Rust agent, binary for
    /// the C agent's, [`super::cagent`]) and read its answer.
    ///
    /// # Errors
    /// See [`Guest::ask`].
    pub fn ask_raw(&mut self, req: &[u8]) -> Result<Value, VmError> {
        write_raw_frame(self.stream.get_mut(), req).map_err(|e| {
            VmError::new(
                VmErrorKind::Guest,
                format!(
                    "cannot write to the guest: {e}; console: {}",
                    console_tail(&self.dir)
                ),
            )
        })?;
        self.read(self.answer_timeout)
    }

    /// The guest kernel's release.
    pub fn release(&self) -> String {
        self.hello["release"]
            .as_str()
            .unwrap_or("unknown")
            .to_string()
    }
}

/// A reader that fails once its deadline passes (each read also has the socket's
/// timeout), so a guest trickling bytes cannot hold the host forever.
struct Deadline<'a> {
    inner: &'a mut BufReader<UnixStream>,
    deadline: Instant,
}

impl Read for Deadline<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "deadline",
            ));
        }
        let _ = self.inner.get_ref().set_read_timeout(Some(left));
        self.inner.read(buf)
    }
}

struct State {
    guest: Option<Guest>,
    /// For a C agent: what its hello said about the guest.
    target: Option<Target>,
    cache: HashMap<String, Result<Value, String>>,
    boots: u32,
}

/// One question of a C agent's batch, and how to file its answer.
enum Sub {
    Accept(String),
    Run(String, cagent::RunPlan),
    Outcome(String),
}

/// The kernel of a VM guest as the campaign's and the oracle command's [`Asker`]:
/// boots on first use, keeps the guest across questions, boots it again after it hung
/// or died (the question is then an error naming what happened).
pub struct VmOracle {
    /// The image.
    pub image: Image,
    opts: BootOptions,
    state: Mutex<State>,
    /// Cases per round trip in a campaign.
    pub batch: usize,
}

fn key_accept(filters: &[&[Insn]]) -> String {
    let mut k = "a".to_string();
    for f in filters {
        k.push(':');
        k.push_str(&p::prog_hex(f));
    }
    k
}

fn key_run(prog: &[Insn], inputs: &[SeccompData]) -> String {
    let ins: Vec<Value> = inputs.iter().map(p::input_json).collect();
    format!("r:{}:{}", p::prog_hex(prog), Value::Array(ins))
}

fn key_outcome(stack: &[&[Insn]], d: &SeccompData) -> String {
    format!("o{}:{}", key_accept(stack), p::input_json(d))
}

fn kerr(e: impl fmt::Display) -> KernelError {
    KernelError::new(e.to_string())
}

impl VmOracle {
    /// An oracle for `image` (nothing boots until the first question).
    pub fn new(image: Image, opts: BootOptions) -> VmOracle {
        VmOracle {
            image,
            opts,
            state: Mutex::new(State {
                guest: None,
                target: None,
                cache: HashMap::new(),
                boots: 0,
            }),
            batch: 16,
        }
    }

    /// Boot now (if not yet): the guest's hello and boot time.
    ///
    /// # Errors
    /// See [`Guest::boot`].
    pub fn start(&self) -> Result<(Value, Duration), VmError> {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        self.ensure(&mut st)?;
        let g = st
            .guest
            .as_ref()
            .ok_or_else(|| VmError::new(VmErrorKind::Guest, "no guest"))?;
        Ok((g.hello.clone(), g.boot_time))
    }

    /// How many times a guest was booted.
    pub fn boots(&self) -> u32 {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).boots
    }

    fn ensure(&self, st: &mut State) -> Result<(), VmError> {
        if st.guest.is_none() {
            st.boots += 1;
            let g = Guest::boot(&self.image, &self.opts)?;
            if self.c_agent() {
                let h = &g.hello;
                if h["protocol"].as_str() != Some("binary") {
                    return Err(VmError::new(
                        VmErrorKind::NoAgent,
                        format!(
                            "the agent for {} is not the C agent (its hello: {h}); rebuild it with \
                             scripts/vm-setup --all-arches",
                            self.image.name
                        ),
                    ));
                }
                let t = Target::for_hello(h).map_err(|e| VmError::new(VmErrorKind::NoAgent, e))?;
                st.target = Some(t);
            }
            st.guest = Some(g);
        }
        Ok(())
    }

    /// Whether the guest runs the C agent (arm64, s390x, or a local agent) and is asked
    /// with binary requests ([`super::cagent`]).
    pub fn c_agent(&self) -> bool {
        self.image.arch != GuestArch::X86_64 || self.opts.local
    }

    fn target_locked(&self, st: &mut State) -> Result<Target, KernelError> {
        self.ensure(st).map_err(kerr)?;
        st.target
            .clone()
            .ok_or_else(|| kerr(format!("{}: the agent gave no target", self.image.name)))
    }

    /// Ask one request; `Ok` is the `ok` payload, `Err(Ok(msg))` the agent's error,
    /// `Err(Err(e))` a guest that failed (killed; the next question boots a new one).
    fn call(&self, req: &Value) -> Result<Value, KernelError> {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        self.call_locked(&mut st, req)
    }

    fn call_locked(&self, st: &mut State, req: &Value) -> Result<Value, KernelError> {
        let op = req["op"].as_str().unwrap_or("?").to_string();
        self.call_with(st, &op, |g| g.ask(req))
    }

    /// A binary request to the C agent, as [`VmOracle::call_locked`].
    fn call_bin_locked(&self, st: &mut State, op: &str, req: &[u8]) -> Result<Value, KernelError> {
        self.call_with(st, op, |g| g.ask_raw(req))
    }

    fn call_with(
        &self,
        st: &mut State,
        op: &str,
        ask: impl FnOnce(&mut Guest) -> Result<Value, VmError>,
    ) -> Result<Value, KernelError> {
        self.ensure(st).map_err(kerr)?;
        let g = st.guest.as_mut().ok_or_else(|| kerr("no guest"))?;
        match ask(g) {
            Ok(a) => match a.get("ok") {
                Some(v) => Ok(v.clone()),
                None => Err(self.agent_err(
                    a["error"]
                        .as_str()
                        .unwrap_or("a malformed answer")
                        .to_string(),
                )),
            },
            Err(e) => {
                st.guest = None;
                Err(kerr(format!(
                    "{} (op {op}): {} (the guest was killed; the next question boots it again)",
                    self.image.name, e.detail
                )))
            }
        }
    }

    /// Send one raw request (see [`super::vmagent`]); the answer's `ok` payload.
    ///
    /// # Errors
    /// The agent's error, or a guest that failed (it is killed and booted again for the
    /// next question).
    #[doc(hidden)]
    pub fn raw(&self, req: &Value) -> Result<Value, KernelError> {
        self.call(req)
    }

    /// Send one raw binary request to a C agent (see [`super::cagent`]); the answer's
    /// `ok` payload.
    ///
    /// # Errors
    /// As [`VmOracle::raw`].
    #[doc(hidden)]
    pub fn raw_bin(&self, req: &[u8]) -> Result<Value, KernelError> {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        self.call_bin_locked(&mut st, "raw", req)
    }

    /// An error the agent answered, naming the kernel.
    fn agent_err(&self, e: String) -> KernelError {
        let e = e.strip_prefix("kernel: ").unwrap_or(&e).to_string();
        kerr(format!("{}: the agent: {e}", self.image.name))
    }

    /// Like [`super::oracle::accept`] with options.
    ///
    /// # Errors
    /// The guest cannot be asked.
    pub fn accept_with(
        &self,
        filters: &[&[Insn]],
        flags: u32,
        no_new_privs: bool,
        cap_sys_admin: bool,
        via_prctl: bool,
    ) -> Result<Vec<Result<(), i32>>, KernelError> {
        if self.c_agent() {
            let req = cagent::accept_req(filters, flags, no_new_privs, cap_sys_admin, via_prctl);
            let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
            let v = self.call_bin_locked(&mut st, "accept", &req)?;
            return cagent::accept_answer(&v)
                .map(|r| cagent::verdicts(&r))
                .map_err(kerr);
        }
        let req = json!({"op": "accept", "filters": filters.iter().map(|f| p::prog_hex(f)).collect::<Vec<_>>(),
            "flags": flags, "nnp": no_new_privs, "cap": cap_sys_admin, "prctl": via_prctl});
        let v = self.call(&req)?;
        parse_verdicts(&v).map_err(kerr)
    }

    /// Like [`super::oracle::run`]: the program is checked first; a refused program is
    /// an error with its errno.
    ///
    /// # Errors
    /// Refused, or the guest cannot be asked.
    pub fn run(
        &self,
        prog: &[Insn],
        inputs: &[SeccompData],
    ) -> Result<Vec<KernelRet>, KernelError> {
        if self.c_agent() {
            if let Some(Err(e)) = self.accept_with(&[prog], 0, true, false, false)?.first() {
                return Err(KernelError::errno(
                    *e,
                    format!(
                        "{}: the kernel refuses this filter ({}), so it cannot run",
                        self.image.name,
                        crate::errno::name(*e as u32).unwrap_or("?")
                    ),
                ));
            }
            return self.run_accepted_c(prog, inputs);
        }
        let req = json!({"op": "run", "prog": p::prog_hex(prog),
            "inputs": inputs.iter().map(p::input_json).collect::<Vec<_>>()});
        match self.call(&req) {
            Ok(v) => parse_rets(&v, inputs.len()).map_err(kerr),
            Err(e) => {
                // "errno N: ..." from the agent keeps the errno.
                let s = e.to_string();
                let n = s
                    .split("errno ")
                    .nth(1)
                    .and_then(|t| t.split(':').next())
                    .and_then(|t| t.parse::<i32>().ok());
                Err(match n {
                    Some(n) => {
                        let why = s.rsplit("kernel: ").next().unwrap_or(&s);
                        KernelError::errno(n, format!("{}: {why}", self.image.name))
                    }
                    None => e,
                })
            }
        }
    }

    fn run_accepted_c(
        &self,
        prog: &[Insn],
        inputs: &[SeccompData],
    ) -> Result<Vec<KernelRet>, KernelError> {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let t = self.target_locked(&mut st)?;
        let mut plan = cagent::plan_run(&t, prog, inputs)?;
        let v = match plan.request.take() {
            Some(r) => Some(self.call_bin_locked(&mut st, "exec", &r)?),
            None => None,
        };
        plan.finish(v.as_ref()).map_err(|e| self.agent_err(e))
    }

    fn outcome_c(&self, stack: &[&[Insn]], d: &SeccompData) -> Result<Observed, KernelError> {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let t = self.target_locked(&mut st)?;
        let req = cagent::outcome_req(&t, stack, d)?;
        let v = self.call_bin_locked(&mut st, "exec", &req)?;
        cagent::outcome_answer(&v).map_err(|e| self.agent_err(e))
    }

    /// [`Asker::prefetch`] for a C agent: every question of the cases in one `many`.
    fn prefetch_c(&self, st: &mut State, cases: &[Case]) {
        let Ok(t) = self.target_locked(st) else {
            return;
        };
        let mut subs = Vec::new();
        let mut reqs = Vec::new();
        for c in cases {
            let stack = installed_stack_for(c, t.arch);
            let refs: Vec<&[Insn]> = stack.iter().map(Vec::as_slice).collect();
            if refs.is_empty() {
                continue;
            }
            subs.push(Sub::Accept(key_accept(&refs)));
            reqs.push(cagent::accept_req(&refs, 0, true, false, false));
            if c.inputs.is_empty() {
                continue;
            }
            for f in &stack {
                if !super::rewrite::rewritable(f) {
                    continue;
                }
                for chunk in c.inputs.chunks(INPUT_BATCH) {
                    let Ok(mut plan) = cagent::plan_run(&t, f, chunk) else {
                        continue;
                    };
                    match plan.request.take() {
                        Some(r) => {
                            subs.push(Sub::Run(key_run(f, chunk), plan));
                            reqs.push(r);
                        }
                        None => {
                            let v = plan.finish(None).map(|r| rets_json(&r));
                            st.cache.insert(key_run(f, chunk), v);
                        }
                    }
                }
            }
            if stack.len() > 1 {
                let mut d = c.inputs[0];
                d.nr = super::campaign::getpid_nr(d.arch);
                let filters: Vec<&[Insn]> = c.filters.iter().map(Vec::as_slice).collect();
                if let Ok(r) = cagent::outcome_req(&t, &filters, &d) {
                    subs.push(Sub::Outcome(key_outcome(&filters, &d)));
                    reqs.push(r);
                }
            }
        }
        if reqs.is_empty() {
            return;
        }
        // A guest that dies on one of them answers nothing here: the campaign then asks
        // each question on its own (a new guest for the next after one that killed it).
        let Ok(v) = self.call_bin_locked(st, "many", &cagent::many_req(&reqs)) else {
            return;
        };
        for (sub, a) in subs.into_iter().zip(v.as_array().into_iter().flatten()) {
            let one = match a.get("ok") {
                Some(x) => Ok(x),
                None => Err(a["error"]
                    .as_str()
                    .unwrap_or("a malformed answer")
                    .to_string()),
            };
            match sub {
                Sub::Accept(k) => {
                    let v = one.and_then(|x| {
                        cagent::accept_answer(x).map(|r| {
                            Value::Array(
                                r.iter()
                                    .map(|&e| if e < 0 { json!(-e) } else { Value::Null })
                                    .collect(),
                            )
                        })
                    });
                    st.cache.insert(k, v);
                }
                Sub::Run(k, plan) => {
                    let v = one.and_then(|x| plan.finish(Some(x)).map(|r| rets_json(&r)));
                    st.cache.insert(k, v);
                }
                Sub::Outcome(k) => {
                    let v =
                        one.and_then(|x| cagent::outcome_answer(x).map(|o| p::observed_json(&o)));
                    st.cache.insert(k, v);
                }
            }
        }
    }

    fn cached(&self, key: &str) -> Option<Result<Value, String>> {
        self.state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .cache
            .remove(key)
    }

    fn fill(st: &mut State, case: &Case, ans: &Value) {
        let stack = installed_stack_for(case, crate::consts::AUDIT_ARCH_X86_64);
        let refs: Vec<&[Insn]> = stack.iter().map(Vec::as_slice).collect();
        let one = |v: &Value| match v.get("ok") {
            Some(x) => Ok(x.clone()),
            None => Err(v["error"]
                .as_str()
                .unwrap_or("a malformed answer")
                .to_string()),
        };
        if let Some(a) = ans.get("accept") {
            st.cache.insert(key_accept(&refs), one(a));
        }
        for r in ans["runs"].as_array().into_iter().flatten() {
            let (Some(fi), Some(bi)) = (r["filter"].as_u64(), r["chunk"].as_u64()) else {
                continue;
            };
            let (fi, bi) = (fi as usize, bi as usize);
            let Some(prog) = stack.get(fi) else { continue };
            let Some(chunk) = case.inputs.chunks(INPUT_BATCH).nth(bi) else {
                continue;
            };
            st.cache.insert(key_run(prog, chunk), one(&r["answer"]));
        }
        if !ans["outcome"].is_null() && !case.inputs.is_empty() {
            let mut d = case.inputs[0];
            d.nr = super::campaign::getpid_nr(d.arch);
            let filters: Vec<&[Insn]> = case.filters.iter().map(Vec::as_slice).collect();
            st.cache
                .insert(key_outcome(&filters, &d), one(&ans["outcome"]));
        }
    }
}

fn rets_json(r: &[KernelRet]) -> Value {
    Value::Array(r.iter().map(p::ret_json).collect())
}

fn case_req(c: &Case) -> Value {
    json!({"op": "case",
        "filters": c.filters.iter().map(|f| p::prog_hex(f)).collect::<Vec<_>>(),
        "inputs": c.inputs.iter().map(p::input_json).collect::<Vec<_>>(),
        "batch": INPUT_BATCH})
}

fn parse_verdicts(v: &Value) -> Result<Vec<Result<(), i32>>, String> {
    v.as_array()
        .ok_or_else(|| format!("not a list of verdicts: {v}"))?
        .iter()
        .map(|x| match x.as_i64() {
            Some(e) => Ok(Err(e as i32)),
            None if x.is_null() => Ok(Ok(())),
            None => Err(format!("not a verdict: {x}")),
        })
        .collect()
}

fn parse_rets(v: &Value, n: usize) -> Result<Vec<KernelRet>, String> {
    let r: Vec<KernelRet> = v
        .as_array()
        .ok_or_else(|| format!("not a list of results: {v}"))?
        .iter()
        .map(p::ret_from)
        .collect::<Result<_, _>>()?;
    if r.len() != n {
        return Err(format!("{} results for {n} inputs", r.len()));
    }
    Ok(r)
}

impl Asker for VmOracle {
    fn accept(&self, filters: &[&[Insn]]) -> Result<Vec<Result<(), i32>>, KernelError> {
        if let Some(v) = self.cached(&key_accept(filters)) {
            return parse_verdicts(&v.map_err(|e| self.agent_err(e))?).map_err(kerr);
        }
        self.accept_with(filters, 0, true, false, false)
    }
    fn run_accepted(
        &self,
        prog: &[Insn],
        inputs: &[SeccompData],
    ) -> Result<Vec<KernelRet>, KernelError> {
        if let Some(v) = self.cached(&key_run(prog, inputs)) {
            return parse_rets(&v.map_err(|e| self.agent_err(e))?, inputs.len()).map_err(kerr);
        }
        if self.c_agent() {
            return self.run_accepted_c(prog, inputs);
        }
        // The program is accepted: the guest's check first changes nothing.
        self.run(prog, inputs)
    }
    fn outcome(&self, stack: &[&[Insn]], data: &SeccompData) -> Result<Observed, KernelError> {
        let v = match self.cached(&key_outcome(stack, data)) {
            Some(v) => v.map_err(|e| self.agent_err(e))?,
            None if self.c_agent() => return self.outcome_c(stack, data),
            None => self.call(&json!({"op": "outcome",
                "stack": stack.iter().map(|f| p::prog_hex(f)).collect::<Vec<_>>(),
                "input": p::input_json(data)}))?,
        };
        p::observed_from(&v).map_err(kerr)
    }
    fn prefetch(&self, cases: &[Case]) {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        st.cache.clear();
        if self.c_agent() {
            self.prefetch_c(&mut st, cases);
            return;
        }
        let req = json!({"op": "many", "reqs": cases.iter().map(case_req).collect::<Vec<_>>()});
        match self.call_locked(&mut st, &req) {
            Ok(v) => {
                for (c, a) in cases.iter().zip(v.as_array().into_iter().flatten()) {
                    if let Some(ok) = a.get("ok") {
                        Self::fill(&mut st, c, ok);
                    }
                }
            }
            // The guest died on one of them: ask one by one (each a fresh round trip,
            // a guest killed by one case is booted again for the next), so only the
            // case that kills it fails, when the campaign asks it again.
            Err(_) => {
                for c in cases {
                    if let Ok(a) = self.call_locked(&mut st, &case_req(c)) {
                        Self::fill(&mut st, c, &a);
                    }
                }
            }
        }
    }
    fn batch(&self) -> usize {
        self.batch
    }
    fn native_arch(&self) -> u32 {
        use crate::consts::*;
        match self.image.arch {
            GuestArch::X86_64 => AUDIT_ARCH_X86_64,
            GuestArch::Arm64 => AUDIT_ARCH_AARCH64,
            GuestArch::S390x => AUDIT_ARCH_S390X,
        }
    }
    fn gen_config(&self, inputs_per_program: usize) -> GenConfig {
        use crate::consts::*;
        let n = inputs_per_program;
        match (self.image.arch, self.c_agent()) {
            (GuestArch::X86_64, false) => GenConfig::new(n, IPS.to_vec()),
            // The C agent makes native syscalls only.
            (GuestArch::X86_64, true) => {
                GenConfig::new(n, IPS.to_vec()).arches(vec![AUDIT_ARCH_X86_64])
            }
            // Instructions are 4-byte aligned; arm32 inputs when the guest has the compat
            // agent (their ips and args are cut to 32 bits: `sanitize`), whose ips are
            // also those after a 2-byte Thumb svc (2 mod 4: IPS as they are).
            (GuestArch::Arm64, _) => {
                let arm: Vec<u64> = IPS.iter().map(|ip| ip + 2).collect();
                let mut arches = vec![AUDIT_ARCH_AARCH64];
                let mut cfg = GenConfig::new(n, arm.clone());
                if self.opts.agent.is_none()
                    && find_compat_agent(GuestArch::Arm64, &self.opts.cache).is_some()
                {
                    arches.push(AUDIT_ARCH_ARM);
                    cfg = cfg.compat_ips(arm.iter().chain(IPS).copied().collect());
                }
                cfg.arches(arches)
            }
            // `svc 0` takes the number from r1's low 16 bits.
            (GuestArch::S390x, _) => GenConfig::new(n, IPS.to_vec())
                .arches(vec![AUDIT_ARCH_S390X])
                .nr_mask(0xffff),
        }
    }
    fn release(&self) -> String {
        let st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        match &st.guest {
            Some(g) => format!("{} ({})", g.release(), self.image.name),
            None => self.image.name.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kernel_names() {
        let k = KernelName::parse("debian-6.1-amd64").unwrap();
        assert_eq!(k.arch, GuestArch::X86_64);
        assert_eq!(
            KernelName::parse("debian-6.12-x86_64").unwrap().name(),
            "debian-6.12-amd64"
        );
        assert_eq!(
            KernelName::parse("debian-6.1-s390x").unwrap().arch,
            GuestArch::S390x
        );
        for bad in [
            "debian-6-amd64",
            "debian-6.1-mips",
            "6.1-amd64",
            "debian-6.1",
            "debian-a.b-amd64",
        ] {
            assert_eq!(
                KernelName::parse(bad).unwrap_err().kind,
                VmErrorKind::BadName,
                "{bad}"
            );
        }
    }

    #[test]
    fn cpio_layout() {
        let mut c = Cpio::new();
        c.file("init", 0o755, b"abc");
        let out = c.finish();
        assert!(out.starts_with(b"070701"));
        assert_eq!(out.len() % 4, 0);
        // header 110 bytes + "init\0" (5) padded to 116, data 3 padded to 4.
        assert_eq!(&out[110..114], b"init");
        assert_eq!(&out[116..119], b"abc");
        assert!(out.windows(10).any(|w| w == b"TRAILER!!!"));
    }

    #[test]
    fn static_elf_detection() {
        let me = std::fs::read(std::env::current_exe().unwrap()).unwrap();
        // Test binaries are linked like the crate: dynamic unless built with crt-static.
        let dynamic = !cfg!(target_feature = "crt-static");
        assert_eq!(is_static_elf(&me), !dynamic);
        assert!(!is_static_elf(b"not an elf"));
    }
}
