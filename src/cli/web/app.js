// The secbpf teaching page. Every state shown comes from the server (the Rust stepper):
// this script only asks for the trace of an input and moves through it.
"use strict";

const $ = (id) => document.getElementById(id);
let filterId = null;   // the filter shown
let view = null;       // GET /api/filter answer
let trace = null;      // POST /api/trace answer
let idx = 0;           // index in trace.states
const breaks = new Set();
let nodeOf = new Map(); // pc -> SVG node element
let edgeOf = new Map(); // pc -> SVG edge elements

async function api(path, opts) {
  const r = await fetch(path, opts);
  const j = await r.json();
  if (!r.ok) {
    let msg = j.error || r.statusText;
    if (j.line) msg += ` (line ${j.line}${j.col ? ", column " + j.col : ""})`;
    throw new Error(msg);
  }
  return j;
}

function status(msg) { $("status").textContent = msg || ""; }

const hex = (v) => "0x" + (v >>> 0).toString(16).padStart(8, "0");

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

async function loadFilters(select) {
  const fs = await api("/api/filters");
  const sel = $("filter-select");
  sel.replaceChildren();
  for (const f of fs) {
    const o = el("option", "", `${f.id}: ${f.name}${f.accepted ? "" : " (refused)"}`);
    o.value = f.id;
    sel.appendChild(o);
  }
  if (select !== undefined) sel.value = select;
  if (fs.length && sel.value !== "") await showFilter(Number(sel.value));
  else status("no filter yet: paste or upload one");
}

async function showFilter(id) {
  status("analysing…");
  filterId = id;
  view = await api(`/api/filter?id=${id}`);
  breaks.clear();
  $("filter-info").textContent =
    `${view.insns} instructions, ${view.accepted ? "accepted by the kernel" : "REFUSED by the kernel"}`;
  renderListing();
  renderDiagnostics();
  $("graph").innerHTML = view.svg; // SVG text escaped by secbpf
  nodeOf = new Map();
  edgeOf = new Map();
  for (const g of $("graph").querySelectorAll("g.node")) {
    for (const pc of g.dataset.pcs.split(" ")) nodeOf.set(Number(pc), g);
  }
  for (const g of $("graph").querySelectorAll("g.edge")) {
    for (const pc of g.dataset.pcs.split(" ")) {
      if (!edgeOf.has(Number(pc))) edgeOf.set(Number(pc), []);
      edgeOf.get(Number(pc)).push(g);
    }
  }
  renderSummary();
  renderLint();
  status("");
  if (view.accepted) await runInput();
  else { trace = null; renderState(); }
}

function renderListing() {
  const tb = $("listing").tBodies[0];
  tb.replaceChildren();
  for (const r of view.rows) {
    const tr = el("tr");
    tr.dataset.pc = r.pc;
    const pc = el("td", "pc", String(r.pc));
    pc.addEventListener("click", () => toggleBreak(r.pc));
    tr.append(pc, el("td", "text", r.text), el("td", "comment", r.comment ? "; " + r.comment : ""));
    tb.appendChild(tr);
  }
}

function renderDiagnostics() {
  const d = $("diagnostics");
  d.replaceChildren();
  for (const x of view.diagnostics) {
    d.appendChild(el("div", "diag", x.text));
    if (x.pc !== null && x.pc !== undefined) {
      const tr = row(x.pc);
      if (tr) {
        tr.classList.add("error");
        tr.title = x.message;
      }
    }
  }
}

function row(pc) { return $("listing").querySelector(`tr[data-pc="${pc}"]`); }

function toggleBreak(pc) {
  if (breaks.has(pc)) breaks.delete(pc); else breaks.add(pc);
  const tr = row(pc);
  if (tr) tr.classList.toggle("bp", breaks.has(pc));
}

function renderSummary() {
  const s = $("summary");
  s.replaceChildren();
  if (!view.summary) {
    s.textContent = "(the kernel would refuse this filter: nothing to explain)";
    return;
  }
  for (const a of view.summary.arches) {
    s.appendChild(el("div", "arch", "arch " + a.arch + ":"));
    for (const g of a.groups) {
      const grp = el("div", "group");
      grp.appendChild(el("div", "names", g.syscalls.join(", ")));
      for (const r of g.regions) {
        const d = el("div", "region");
        d.appendChild(el("span", "action", r.action));
        if (r.condition !== "true") d.appendChild(document.createTextNode(" if " + r.condition));
        if (r.approximate) d.appendChild(document.createTextNode(" (approximate)"));
        if (r.witness) {
          d.title = "load the witness: " + JSON.stringify(r.witness);
          d.addEventListener("click", () => loadWitness(r.witness, d));
        }
        grp.appendChild(d);
      }
      s.appendChild(grp);
    }
  }
  if (view.summary.budget_spent) {
    s.appendChild(el("div", "", `note: the analysis ran out of ${view.summary.budget_spent}; regions past it are approximate`));
  }
}

function renderLint() {
  const l = $("lint");
  l.replaceChildren();
  if (!view.lint.length) l.appendChild(el("li", "", view.accepted ? "no findings" : "-"));
  for (const f of view.lint) {
    l.appendChild(el("li", f.severity, `${f.severity}${f.pc !== null ? ": pc " + f.pc : ""}: [${f.code}] ${f.message}`));
  }
}

async function loadWitness(w, elem) {
  // An arch without a name (a witness of "any other arch") gets an option of its own.
  if (![...$("arch").options].some((o) => o.value === w.arch)) {
    const o = el("option", "", w.arch);
    o.value = w.arch;
    $("arch").appendChild(o);
  }
  $("arch").value = w.arch;
  await loadSyscallNames();
  $("syscall").value = w.syscall || String(w.nr);
  $("args").value = w.args.join(",");
  $("ip").value = w.ip;
  for (const e of document.querySelectorAll("#summary .region.loaded")) e.classList.remove("loaded");
  elem.classList.add("loaded");
  await runInput();
}

async function runInput() {
  if (!view || !view.accepted) return;
  status("");
  try {
    trace = await api("/api/trace", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        id: filterId,
        arch: $("arch").value,
        syscall: $("syscall").value,
        args: $("args").value,
        ip: $("ip").value,
      }),
    });
  } catch (e) {
    status(e.message);
    return;
  }
  const i = trace.input;
  $("input-shown").textContent =
    `arch=${i.arch} nr=${i.nr}${i.syscall ? " (" + i.syscall + ")" : ""} args=${i.args.join(",")} ip=${i.ip}`;
  idx = 0;
  renderState();
}

function renderState() {
  for (const e of document.querySelectorAll("#listing tr.current, #listing tr.returned, #listing tr.visited"))
    e.classList.remove("current", "returned", "visited");
  for (const e of document.querySelectorAll("#graph g.current, #graph g.visited"))
    e.classList.remove("current", "visited");
  if (!trace) {
    for (const id of ["pc", "reg-a", "reg-x", "meaning", "result", "position"]) $(id).textContent = "";
    $("mem").replaceChildren();
    document.body.dataset.step = "";
    return;
  }
  const st = trace.states[idx];
  // The path so far: the pcs run before this state.
  for (let k = 0; k < idx; k++) {
    const p = trace.states[k].pc;
    const tr = row(p);
    if (tr) tr.classList.add("visited");
    const n = nodeOf.get(p);
    if (n) n.classList.add("visited");
  }
  const tr = row(st.pc);
  if (tr) {
    tr.classList.add(st.ret === null ? "current" : "returned");
    tr.scrollIntoView({ block: "nearest" });
  }
  const node = nodeOf.get(st.pc);
  if (node) {
    node.classList.add("current");
    node.scrollIntoView({ block: "nearest", inline: "nearest" });
  }
  $("pc").textContent = String(st.pc);
  $("reg-a").textContent = `${hex(st.a)} (${st.a >>> 0})`;
  $("reg-x").textContent = `${hex(st.x)} (${st.x >>> 0})`;
  const mem = $("mem");
  mem.replaceChildren();
  for (const [i, v] of st.mem) {
    const r = el("tr");
    r.append(el("th", "", `M[${i}]`), el("td", "", `${hex(v)} (${v >>> 0})`));
    mem.appendChild(r);
  }
  $("meaning").textContent = st.meaning;
  $("result").textContent = st.result ? "result: " + st.result : "";
  $("position").textContent = `step ${idx} of ${trace.states.length - 1}, ${st.executed} executed`;
  $("back").disabled = idx === 0;
  $("start").disabled = idx === 0;
  $("step").disabled = idx === trace.states.length - 1;
  $("continue").disabled = $("step").disabled;
  $("end").disabled = $("step").disabled;
  document.body.dataset.step = String(idx);
}

function go(k) {
  if (!trace) return;
  idx = Math.max(0, Math.min(trace.states.length - 1, k));
  renderState();
}

function cont() {
  if (!trace) return;
  let k = idx;
  while (k + 1 < trace.states.length) {
    k++;
    const st = trace.states[k];
    if (st.ret === null && breaks.has(st.pc)) break;
  }
  go(k);
}

async function loadSyscallNames() {
  const dl = $("syscall-names");
  dl.replaceChildren();
  try {
    const names = await api(`/api/syscalls?arch=${encodeURIComponent($("arch").value)}`);
    for (const n of names) { const o = el("option"); o.value = n; dl.appendChild(o); }
  } catch (e) { /* an arch without a table: numbers only */ }
}

async function upload() {
  const file = $("upload-file").files[0];
  let body, name;
  if (file) { body = await file.arrayBuffer(); name = file.name; }
  else { body = $("paste").value; name = "pasted filter"; }
  const fmt = $("upload-format").value;
  try {
    const r = await api(`/api/upload?format=${encodeURIComponent(fmt)}&name=${encodeURIComponent(name)}`,
      { method: "POST", headers: { "Content-Type": "application/octet-stream" }, body });
    $("load-box").open = false;
    $("upload-file").value = "";
    await loadFilters(String(r.id));
  } catch (e) {
    status("cannot load the filter: " + e.message);
  }
}

async function init() {
  const arches = await api("/api/arches");
  for (const a of arches) { const o = el("option", "", a.name); o.value = a.name; $("arch").appendChild(o); }
  $("arch").value = "x86_64";
  await loadSyscallNames();
  $("arch").addEventListener("change", loadSyscallNames);
  $("input-form").addEventListener("submit", (e) => { e.preventDefault(); runInput(); });
  $("step").addEventListener("click", () => go(idx + 1));
  $("back").addEventListener("click", () => go(idx - 1));
  $("start").addEventListener("click", () => go(0));
  $("end").addEventListener("click", () => trace && go(trace.states.length - 1));
  $("continue").addEventListener("click", cont);
  $("filter-select").addEventListener("change", (e) => showFilter(Number(e.target.value)).catch((x) => status(x.message)));
  $("paste-load").addEventListener("click", upload);
  document.addEventListener("keydown", (e) => {
    if (e.target.closest("input, textarea, select")) return;
    if (e.key === "s" || e.key === "ArrowRight") go(idx + 1);
    else if (e.key === "b" || e.key === "ArrowLeft") go(idx - 1);
    else if (e.key === "c") cont();
  });
  // A link can name a state: #id=N&arch=A&syscall=S&args=..&ip=..&step=K|end.
  const h = new URLSearchParams(location.hash.slice(1));
  for (const k of ["arch", "syscall", "args", "ip"]) if (h.has(k)) $(k).value = h.get(k);
  if (h.has("arch")) await loadSyscallNames();
  await loadFilters(h.get("id") ?? undefined);
  if (trace && h.has("step")) go(h.get("step") === "end" ? trace.states.length - 1 : Number(h.get("step")));
  document.body.dataset.ready = "1";
}

init().catch((e) => status(e.message));
