// The check page (/check): every property under a named rule set or a
// proposed rules file, beside its base, from /api/check (the object of
// photosync check --json).
"use strict";

const WORD = {"holds": "holds", "holds vacuously": "vacuous", "violated": "violated", "unknown": "unknown"};
const CLASS = {"holds": "holds", "holds vacuously": "vacuous", "violated": "violated", "unknown": "unknown"};
const DELTA = [
  ["breaks_invariants", "breaks invariants"],
  ["makes_goals_hold", "makes goals hold"],
  ["makes_goals_fail", "makes goals fail"],
  ["holds_vacuously", "holds vacuously (never does what they speak of)"],
  ["undecided", "undecided (unknown here or under the base)"],
];

let editor, controller = null, vocab = null;

function verdictCell(cls, v, extra) {
  return PS.el("td", {class: "v " + (CLASS[v] || "unknown") + " " + cls, "data-verdict": v}, WORD[v] || v, extra || "");
}

function render(d, fromFile) {
  const n = d.properties.length;
  const violated = d.properties.filter((p) => p.verdict === "violated").length;
  const what = `${d.rules}` + (d.base ? ` beside its base ${d.base}` : "");
  let summary = `${n} properties under ${what}: ${violated} violated.`;
  if (d.bounded) PS.say($("check-status"), "warn", summary + " Some verdicts are unknown: " + d.bounded);
  else PS.say($("check-status"), violated ? "info" : "ok", summary + " Every verdict is decided.");

  const ul = $("check-delta");
  ul.replaceChildren();
  if (d.against_base) {
    let any = false;
    for (const [key, words] of DELTA) {
      const list = d.against_base[key];
      if (list && list.length) {
        any = true;
        ul.append(PS.el("li", {"data-delta": key}, PS.el("strong", {}, words), ": ", PS.el("span", {class: "mono"}, list.join(", "))));
      }
    }
    if (!any) ul.append(PS.el("li", {}, `Against ${d.base}: no verdict changes.`));
  }
  // What experiments tell of the rules against their base (check's
  // "experiments:" line, verdicts.Told): indistinguishable, or how.
  const told = $("check-told");
  told.replaceChildren();
  told.classList.toggle("hidden", !d.experiments);
  if (d.experiments) told.append(PS.el("strong", {}, "Experiments: "), d.experiments.statement + ".");

  const t = $("check-table");
  const head = PS.el("tr", {}, PS.el("th", {scope: "col"}, "property"), PS.el("th", {scope: "col"}, d.rules));
  if (d.base) head.append(PS.el("th", {scope: "col"}, d.base + " (base)"));
  head.append(PS.el("th", {scope: "col"}, "run"));
  const body = PS.el("tbody");
  const rules = fromFile ? "" : d.rules;
  for (const p of d.properties) {
    const differs = d.base && p.base_verdict !== p.verdict;
    const tr = PS.el("tr", {"data-property": p.name, "data-differs": differs ? "true" : null},
      PS.el("th", {scope: "row", class: "prop", title: p.trigger ? "speaks of " + p.trigger : null},
        PS.el("span", {class: "mono"}, p.name), " ", PS.el("span", {class: "tag kind"}, p.kind), PS.el("small", {}, p.title)),
      verdictCell("verdict" + (differs ? " differs" : ""), p.verdict, differs ? PS.el("span", {class: "sr"}, " (differs from the base)") : ""));
    if (d.base) tr.append(verdictCell("base", p.base_verdict));
    const run = PS.el("td", {});
    if (p.counterexample) {
      run.append(PS.el("a", {class: "cx", "data-testid": "cx-" + p.name, href: PS.runLink(p.counterexample, rules),
        "aria-label": `open the counterexample of ${p.name} in the workbench`}, "counterexample ↗"));
    } else if (p.witness) {
      run.append(PS.el("a", {class: "wit", href: PS.runLink(p.witness, rules),
        title: "a shortest run that reaches what the property speaks of, and does not violate it"}, "a run that reaches it ↗"));
    } else {
      run.append(PS.el("span", {class: "muted"}, "—"));
    }
    tr.append(run);
    body.append(tr);
  }
  t.replaceChildren(PS.el("thead", {}, head), body);
}

async function check(fields, fromFile) {
  if (controller) controller.abort();
  controller = new AbortController();
  PS.say($("check-error"), "error", "");
  editor.mark(0);
  PS.say($("check-status"), "info", "Checking every property" + (fields.rules ? " under " + fields.rules : " under the rules file") + " and its base…");
  $("check-status").prepend(PS.el("span", {class: "spinner", "aria-hidden": "true"}));
  const res = await PS.api("/api/check", fields, controller.signal);
  controller = null;
  if (res.aborted) return;
  if (!res.ok) {
    PS.say($("check-status"), "warn", fromFile ? "The rules file was not checked." : "The rule set was not checked.");
    PS.say($("check-error"), "error", res.data.error || "error " + res.status);
    if (res.data.input === "rules.json" && res.data.line) editor.mark(res.data.line);
    $("check-table").replaceChildren();
    $("check-delta").replaceChildren();
    return;
  }
  render(res.data, fromFile);
}

function checkNamed() {
  const name = $("check-rules").value;
  history.replaceState(null, "", "/check?rules=" + encodeURIComponent(name));
  check({rules: name}, false);
}

function checkFile() {
  check({rulesFile: $("check-file").value}, true);
}

function startFrom(focus) {
  const base = $("check-rules").value || "observed";
  $("check-file").value = JSON.stringify({name: "mine", description: "my tenant: " + base + " with my changes", base, set: {}}, null, 2)
    .replace('"set": {}', '"set": {\n    "photo.userEdits": "admins-only"\n  }') + "\n";
  editor.draw();
  if (focus) $("check-file").focus();
}

function knobs() {
  const t = $("check-knobs");
  const head = PS.el("tr", {}, ...["knob", "values", "observed", "what it decides"].map((h) => PS.el("th", {scope: "col"}, h)));
  const body = PS.el("tbody");
  for (const k of vocab.knobs || []) {
    body.append(PS.el("tr", {"data-knob": k.name}, PS.el("th", {scope: "row", class: "mono"}, k.name),
      PS.el("td", {class: "mono"}, k.values), PS.el("td", {class: "mono"}, k.observed), PS.el("td", {}, k.doc)));
  }
  t.replaceChildren(PS.el("thead", {}, head), body);
}

async function init() {
  editor = PS.editor($("check-file"), $("check-gutter"));
  const v = await PS.api("/api/vocab", {});
  vocab = v.data;
  $("check-rules").replaceChildren(...vocab.ruleSets.map((r) => PS.el("option", {value: r.name}, `${r.name} — ${r.period}`)));
  knobs();
  const q = new URLSearchParams(location.search);
  $("check-rules").value = q.get("rules") || "observed";
  if (!$("check-rules").value) $("check-rules").value = "observed";
  startFrom(false);
  $("check-named").addEventListener("click", checkNamed);
  $("check-rules").addEventListener("change", checkNamed);
  $("check-file-run").addEventListener("click", checkFile);
  $("check-start").addEventListener("click", () => startFrom(true));
  $("check-download").addEventListener("click", () => PS.download("rules.json", $("check-file").value));
  $("check-link").addEventListener("click", () => {
    history.replaceState(null, "", "/check?file=" + encodeURIComponent($("check-file").value));
    PS.copy(location.href, $("check-note"));
  });
  $("check-file").addEventListener("keydown", (ev) => { if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); checkFile(); } });
  if (q.has("file")) {
    $("check-file").value = q.get("file");
    editor.draw();
    checkFile();
  } else if (q.has("rules") && q.get("rules") !== $("check-rules").value) {
    PS.say($("check-error"), "error", `There is no rule set named ${q.get("rules")}; checking ${$("check-rules").value}.`);
    check({rules: $("check-rules").value}, false);
  } else {
    check({rules: $("check-rules").value}, false);
  }
}

document.addEventListener("DOMContentLoaded", init);
