//! Syscall instructions placed at the addresses test inputs ask for.
//!
//! `seccomp_data.instruction_pointer` is the address after the syscall instruction, so
//! to give a filter the ip an input names, the oracle maps a page there and writes
//! `syscall; ret` (x86_64) or `int 0x80; ret` (i386) ending at that ip. Children share
//! our memory, so pages are placed by the parent and shared by all workers; one ip can
//! hold one kind of instruction at a time, so users of an ip take a lease on it.

use std::collections::BTreeMap;
use std::io;
use std::sync::{Condvar, Mutex, OnceLock};

/// The instruction that ends at an ip.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Code {
    /// `syscall` (0f 05): a native x86_64 syscall.
    Syscall,
    /// `int 0x80` (cd 80): an i386 syscall from a 64-bit process.
    Int80,
}

impl Code {
    fn bytes(self) -> [u8; 3] {
        match self {
            Code::Syscall => [0x0f, 0x05, 0xc3],
            Code::Int80 => [0xcd, 0x80, 0xc3],
        }
    }
}

#[derive(Default)]
struct Table {
    /// Pages we mapped (page address).
    pages: BTreeMap<u64, ()>,
    /// ip -> (code placed, leases held).
    ips: BTreeMap<u64, (Code, usize)>,
}

struct Registry {
    table: Mutex<Table>,
    freed: Condvar,
}

fn registry() -> &'static Registry {
    static R: OnceLock<Registry> = OnceLock::new();
    R.get_or_init(|| Registry {
        table: Mutex::new(Table::default()),
        freed: Condvar::new(),
    })
}

const PAGE: u64 = 4096;
/// Lowest address we map (the usual `vm.mmap_min_addr` is 4096; stay well above it).
const LOWEST: u64 = 0x10000;
/// End of the x86_64 user address space (47-bit).
const HIGHEST: u64 = 0x7fff_ffff_f000;

/// Why an ip cannot be used.
pub fn placeable(ip: u64) -> Result<(), String> {
    if ip < LOWEST + 2 || ip.saturating_add(1) >= HIGHEST {
        return Err(format!(
            "cannot place a syscall instruction ending at ip {ip:#x}: it must be a user address in \
             {LOWEST:#x}..{HIGHEST:#x} (give the case an \"ip\", e.g. 0xc0de002)"
        ));
    }
    Ok(())
}

fn map_page(t: &mut Table, page: u64) -> io::Result<()> {
    if t.pages.contains_key(&page) {
        return Ok(());
    }
    // SAFETY: MAP_FIXED_NOREPLACE never replaces an existing mapping; the page is
    // anonymous and becomes ours.
    let p = unsafe {
        libc::mmap(
            page as *mut libc::c_void,
            PAGE as usize,
            libc::PROT_READ | libc::PROT_WRITE | libc::PROT_EXEC,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED_NOREPLACE,
            -1,
            0,
        )
    };
    if p == libc::MAP_FAILED {
        return Err(io::Error::last_os_error());
    }
    if p as u64 != page {
        // SAFETY: an old kernel ignored the hint; give back what it mapped.
        unsafe { libc::munmap(p, PAGE as usize) };
        return Err(io::Error::from_raw_os_error(libc::EEXIST));
    }
    t.pages.insert(page, ());
    Ok(())
}

/// Whether `(a, ca)` and `(b, cb)` can be in place at the same time: the same ip with
/// the same code, or ips whose three bytes (`ip - 2 ..= ip`) do not overlap.
pub fn compatible(a: u64, ca: Code, b: u64, cb: Code) -> bool {
    if a == b {
        ca == cb
    } else {
        a.abs_diff(b) > 2
    }
}

/// Leases on ips, released on drop.
pub struct Lease {
    ips: Vec<u64>,
}

impl Drop for Lease {
    fn drop(&mut self) {
        let r = registry();
        let mut t = r.table.lock().unwrap_or_else(|e| e.into_inner());
        for ip in &self.ips {
            if let Some(e) = t.ips.get_mut(ip) {
                e.1 = e.1.saturating_sub(1);
            }
        }
        drop(t);
        r.freed.notify_all();
    }
}

/// Place each `(ip, code)` (pairwise [`compatible`]) and hold them until the lease
/// drops. Waits while another worker holds an ip that is not compatible with one of
/// these. Returns per ip an error if it cannot be placed (the lease then does not
/// cover it).
pub fn lease(wants: &[(u64, Code)]) -> (Lease, Vec<Option<String>>) {
    let r = registry();
    let mut t = r.table.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        let busy = wants.iter().any(|&(ip, code)| {
            t.ips
                .range(ip.saturating_sub(2)..=ip.saturating_add(2))
                .any(|(&held, &(c, n))| n > 0 && !compatible(held, c, ip, code))
        });
        if !busy {
            break;
        }
        t = r.freed.wait(t).unwrap_or_else(|e| e.into_inner());
    }
    let mut held = Vec::new();
    let mut errs = Vec::new();
    for &(ip, code) in wants {
        let res = placeable(ip).and_then(|()| {
            let start = ip - 2;
            for page in [start & !(PAGE - 1), (ip) & !(PAGE - 1)] {
                map_page(&mut t, page).map_err(|e| {
                    format!("cannot place a syscall instruction ending at ip {ip:#x}: mmap at {page:#x}: {e}")
                })?;
            }
            let bytes = code.bytes();
            // SAFETY: the pages covering ip-2..=ip are ours (mapped RWX above) and no
            // child is executing this ip with another code (checked under the lock).
            unsafe {
                std::ptr::copy_nonoverlapping(bytes.as_ptr(), start as *mut u8, 3);
            }
            Ok(())
        });
        match res {
            Ok(()) => {
                let e = t.ips.entry(ip).or_insert((code, 0));
                *e = (code, e.1 + 1);
                held.push(ip);
                errs.push(None);
            }
            Err(e) => errs.push(Some(e)),
        }
    }
    (Lease { ips: held }, errs)
}
