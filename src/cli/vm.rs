//! `secbpf vm`: other kernels in virtual machines (fetch, list, boot), the
//! `--kernel` options of `oracle` and `fuzz-kernel`, and the hidden `vm-agent` that
//! runs inside a guest.

use super::common::{outln, CliError};
use secbpf::kernel::vmhost::{self, BootOptions, VmOracle};
use serde_json::json;
use std::path::PathBuf;

/// Fetch, list and boot Debian kernels for the oracle and the campaign (`oracle
/// --kernel`, `fuzz-kernel --kernel`). Kernels are named debian-X.Y-ARCH (ARCH amd64,
/// arm64 or s390x) and cached under --cache-dir (default ~/.cache/secbpf). Guests run
/// under qemu without KVM; run scripts/vm-setup once first (it installs qemu, busybox
/// and builds the static agent the guest runs).
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(clap::Subcommand, Debug)]
enum Cmd {
    /// Download a kernel from Debian's archive into the cache (newest package of that
    /// version and arch that apt knows).
    Fetch(FetchArgs),
    /// The kernels in the cache.
    List(ListArgs),
    /// Boot a kernel, wait for the agent and print the guest's release and boot time.
    Boot(BootArgs),
}

#[derive(clap::Args, Debug)]
struct CacheOpt {
    /// Cache directory (default: $XDG_CACHE_HOME/secbpf or ~/.cache/secbpf).
    #[arg(long, value_name = "DIR")]
    cache_dir: Option<PathBuf>,
}

impl CacheOpt {
    fn dir(&self) -> PathBuf {
        self.cache_dir
            .clone()
            .unwrap_or_else(vmhost::default_cache_dir)
    }
}

#[derive(clap::Args, Debug)]
struct FetchArgs {
    /// Kernel names: debian-6.1-amd64, debian-6.12-amd64, debian-6.1-arm64, debian-6.1-s390x.
    #[arg(required = true, value_name = "NAME")]
    names: Vec<String>,
    #[command(flatten)]
    cache: CacheOpt,
    /// One JSON object per kernel.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args, Debug)]
struct ListArgs {
    #[command(flatten)]
    cache: CacheOpt,
    /// One JSON array.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args, Debug)]
struct BootArgs {
    /// A kernel name in the cache, or a kernel file.
    #[arg(value_name = "NAME|PATH")]
    kernel: String,
    #[command(flatten)]
    cache: CacheOpt,
    /// The static agent binary to put in the guest (default: the one scripts/vm-setup built).
    #[arg(long, value_name = "FILE")]
    agent: Option<PathBuf>,
    /// One JSON object.
    #[arg(long)]
    json: bool,
}

/// `--kernel` and its companions, for `oracle` and `fuzz-kernel`.
#[derive(clap::Args, Debug, Clone)]
pub struct KernelOpts {
    /// Ask this kernel in a VM instead of the running one: a name from `secbpf vm list`
    /// (debian-6.1-amd64, ...) or a kernel file.
    #[arg(long, value_name = "NAME|PATH")]
    pub kernel: Option<String>,
    /// Cache directory of `secbpf vm` (default: ~/.cache/secbpf).
    #[arg(long, value_name = "DIR", requires = "kernel")]
    pub cache_dir: Option<PathBuf>,
    /// The static agent binary for the guest (default: the one scripts/vm-setup built).
    #[arg(long, value_name = "FILE", requires = "kernel")]
    pub agent: Option<PathBuf>,
}

impl KernelOpts {
    /// The VM oracle, if `--kernel` was given.
    pub fn oracle(&self) -> Result<Option<VmOracle>, CliError> {
        let Some(k) = &self.kernel else {
            return Ok(None);
        };
        let cache = self
            .cache_dir
            .clone()
            .unwrap_or_else(vmhost::default_cache_dir);
        let img = vmhost::resolve(k, &cache).map_err(|e| CliError::usage(e.to_string()))?;
        let mut opts = BootOptions::new(cache);
        opts.agent = self.agent.clone();
        Ok(Some(VmOracle::new(img, opts)))
    }
}

/// The agent inside a guest (hidden): answer the host's questions on --port.
#[derive(clap::Args, Debug)]
pub struct AgentArgs {
    /// The serial device (or file) to talk on.
    #[arg(long, value_name = "PATH")]
    port: String,
}

pub fn agent(a: AgentArgs) -> Result<i32, CliError> {
    secbpf::kernel::vmagent::serve(&a.port)
        .map_err(|e| CliError::usage(format!("vm-agent: {}: {e}", a.port)))?;
    Ok(0)
}

pub fn main(a: Args) -> Result<i32, CliError> {
    match a.cmd {
        Cmd::Fetch(a) => {
            let dir = a.cache.dir();
            for n in &a.names {
                let img = vmhost::fetch(n, &dir).map_err(|e| CliError::usage(e.to_string()))?;
                if a.json {
                    outln!(
                        "{}",
                        json!({"name": img.name, "package": img.package, "version": img.version,
                               "kernel": img.kernel.display().to_string()})
                    )?;
                } else {
                    outln!(
                        "{}: {} {} -> {}",
                        img.name,
                        img.package,
                        img.version,
                        img.kernel.display()
                    )?;
                }
            }
            Ok(0)
        }
        Cmd::List(a) => {
            let v = vmhost::list(&a.cache.dir());
            if a.json {
                let arr: Vec<_> = v
                    .iter()
                    .map(|i| {
                        json!({"name": i.name, "arch": i.arch.debian(), "package": i.package,
                                    "version": i.version, "kernel": i.kernel.display().to_string()})
                    })
                    .collect();
                outln!("{}", serde_json::Value::Array(arr))?;
            } else if v.is_empty() {
                outln!(
                    "no kernels in {} (fetch one: secbpf vm fetch debian-6.1-amd64)",
                    a.cache.dir().display()
                )?;
            } else {
                for i in &v {
                    outln!("{}  {} {}", i.name, i.package, i.version)?;
                }
            }
            Ok(0)
        }
        Cmd::Boot(a) => {
            let opts = KernelOpts {
                kernel: Some(a.kernel.clone()),
                cache_dir: a.cache.cache_dir.clone(),
                agent: a.agent.clone(),
            };
            let o = opts.oracle()?.ok_or_else(|| CliError::usage("no kernel"))?;
            let (hello, t) = o.start().map_err(|e| CliError::usage(e.to_string()))?;
            if a.json {
                outln!(
                    "{}",
                    json!({"kernel": o.image.name, "release": hello["release"], "machine": hello["machine"],
                           "boot_seconds": t.as_secs_f64()})
                )?;
            } else {
                outln!(
                    "{}: Linux {} ({}) booted to the agent in {:.1} s",
                    o.image.name,
                    hello["release"].as_str().unwrap_or("?"),
                    hello["machine"].as_str().unwrap_or("?"),
                    t.as_secs_f64()
                )?;
            }
            Ok(0)
        }
    }
}
