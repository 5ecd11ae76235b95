// The workbench (/run): a scenario, run on /api/run, shown as a timeline.
"use strict";

const example = `# A change in Outlook on the web, seen through a cache (claim C6).
rules observed
at 0s   view outlook-online-contact-card observer
at 0s   change outlook-online
at 9s   expect outlook-online-contact-card observer = v0|v1
at 10s  expect outlook-online-contact-card observer = v1
at 1m   view sharepoint-mysite observer
`;

let editor, vocab, last = null, cur = -1, controller = null;

function field() {
  return {scenario: $("text").value, rules: $("rules").value};
}

async function run() {
  if (controller) controller.abort();
  controller = new AbortController();
  PS.say($("summary"), "info", "Running…");
  $("summary").prepend(PS.el("span", {class: "spinner", "aria-hidden": "true"}));
  PS.say($("error"), "error", "");
  editor.mark(0);
  const res = await PS.api("/api/run", field(), controller.signal);
  controller = null;
  if (res.aborted) return;
  if (!res.ok) {
    PS.say($("summary"), "warn", "The scenario did not run.");
    PS.say($("error"), "error", res.data.error || "error " + res.status);
    if (res.data.line && res.data.input === "scenario") editor.mark(res.data.line);
    clear();
    return;
  }
  last = res.data;
  render();
}

// clear removes the last run's result, which no longer matches the editor.
function clear() {
  last = null;
  $("outcomes").replaceChildren();
  $("violations").replaceChildren();
  $("timeline").replaceChildren();
  select(-1);
}

function outcomeOf(line) {
  return last.outcomes.find((o) => o.line === line);
}

function render() {
  const d = last, rep = d.report;
  const failed = d.outcomes.filter((o) => o.status !== "ok");
  if (d.bounded) {
    PS.say($("summary"), "warn", "Stopped by a bound: " + d.bounded);
  } else if (d.outcomes.length === 0) {
    PS.say($("summary"), "info", `Ran under ${d.rules}: no expect, observe or violates line to check.`);
  } else if (failed.length === 0) {
    PS.say($("summary"), "ok", `Ran under ${d.rules}: all ${d.outcomes.length} checked lines hold.`);
  } else {
    PS.say($("summary"), "error", `Ran under ${d.rules}: ${failed.length} of ${d.outcomes.length} checked lines do not hold.`);
  }
  const ul = $("outcomes");
  ul.replaceChildren();
  for (const o of d.outcomes) {
    const ok = o.status === "ok";
    ul.append(PS.el("li", {},
      PS.el("a", {href: "#", onclick: (ev) => { ev.preventDefault(); goLine(o.line); }}, "line " + o.line),
      ": ", PS.el("span", {class: ok ? "verdict-ok" : "verdict-bad"}, ok ? "ok" : o.status),
      ok ? "" : " — " + o.check + ": " + o.message));
  }
  const vs = $("violations");
  vs.replaceChildren();
  if (rep && rep.violations.length) {
    vs.append(PS.el("h2", {}, "Properties violated"));
    const list = PS.el("ul", {class: "outcomes"});
    for (const v of rep.violations) {
      list.append(PS.el("li", {}, PS.el("span", {class: "tag viol"}, "violated"), " ",
        PS.el("strong", {}, v.title), ` (${v.property}) at ${v.at}, step ${v.event + 1}: ${v.message}`,
        v.runs < v.of ? ` — in ${v.runs} of ${v.of} possible runs` : ""));
    }
    vs.append(list);
  }
  drawTimeline();
  if (rep && rep.events.length) select(Math.min(Math.max(cur, 0), rep.events.length - 1));
  else select(-1);
}

function drawTimeline() {
  const t = $("timeline");
  t.replaceChildren();
  const rep = last.report;
  if (!rep) return;
  const head = PS.el("tr", {}, PS.el("th", {scope: "col"}, "at"), PS.el("th", {scope: "col"}, "step"));
  for (const c of rep.columns) head.append(PS.el("th", {scope: "col", class: "colhead", title: c.surface + " " + c.viewer}, c.label));
  t.append(PS.el("thead", {}, head));
  const body = PS.el("tbody");
  rep.events.forEach((e, i) => {
    const o = e.line ? outcomeOf(e.line) : null;
    const step = PS.el("td", {}, e.step);
    if (e.check) step.append(" ", PS.el("span", {class: "mono"}, e.check === "expect" ? "= " + e.wanted : "saw " + e.wanted));
    if (o) step.append(PS.el("span", {class: "tag " + (o.status === "ok" ? "ok" : "bad")}, o.status === "ok" ? "ok" : "✗ " + o.status));
    for (const v of rep.violations) {
      if (v.event === i && v.column < 0) step.append(PS.el("span", {class: "tag viol", title: v.message}, "violates " + v.property));
    }
    const tr = PS.el("tr", {class: "step", "data-step": i, onmouseenter: () => show(i), onmouseleave: () => show(cur),
      onclick: () => select(i)}, PS.el("th", {scope: "row", class: "mono"}, e.at), step);
    rep.columns.forEach((c, k) => {
      let cls = "cell";
      let title = `${c.label} after step ${i + 1} can show ${e.could[k] || "nothing"}`;
      if (e.column === k) cls += " viewed";
      if (e.column === k && o && o.status === "failed") {
        cls += " failed";
        title = o.check + ": " + o.message;
      }
      const td = PS.el("td", {class: cls, title}, PS.photos(e.could[k]));
      if (e.column === k && o && o.status === "failed") td.append(PS.el("div", {class: "verdict-bad"}, "model: " + e.shown));
      for (const v of rep.violations) {
        if (v.event === i && v.column === k) {
          td.classList.add("violated");
          td.append(PS.el("div", {class: "tag viol", title: v.message}, "violates " + v.property));
        }
      }
      tr.append(td);
    });
    body.append(tr);
  });
  t.append(body);
}

function select(i) {
  cur = i;
  for (const tr of document.querySelectorAll("#timeline tr.step")) {
    tr.classList.toggle("current", Number(tr.dataset.step) === i);
  }
  const n = last && last.report ? last.report.events.length : 0;
  $("where").textContent = n ? `step ${i + 1} of ${n}` : "—";
  $("back").disabled = i <= 0;
  $("fwd").disabled = i < 0 || i >= n - 1;
  show(i);
}

function show(i) {
  const rep = last && last.report;
  if (!rep || i < 0 || i >= rep.events.length) {
    $("sentence").textContent = "Hover or select a step to see what happened and every state the system may be in.";
    $("states").textContent = "";
    return;
  }
  const e = rep.events[i];
  $("sentence").replaceChildren(PS.el("strong", {}, `Step ${i + 1}, at ${e.at}${e.line ? " (line " + e.line + ")" : ""}: `), e.sentence + ".");
  const n = e.stateCount || 0;
  const lines = [`${n} possible state${n === 1 ? "" : "s"} right after this step` +
    (e.states && e.states.length < n ? ` (the first ${e.states.length} shown)` : "") + ":"];
  for (const s of e.states || []) lines.push(s);
  $("states").textContent = lines.join("\n");
}

function goLine(line) {
  editor.mark(0);
  const lines = $("text").value.split("\n");
  const start = lines.slice(0, line - 1).join("\n").length + (line > 1 ? 1 : 0);
  $("text").focus();
  $("text").setSelectionRange(start, start + (lines[line - 1] || "").length);
  const rep = last && last.report;
  if (rep) {
    const i = rep.events.findIndex((e) => e.line === line);
    if (i >= 0) select(i);
  }
}

function fill(sel, items) {
  sel.replaceChildren(...items.map(([v, label]) => PS.el("option", {value: v}, label)));
}

function adapt() {
  const a = vocab.actions.find((x) => x.name === $("action").value) || {};
  const needs = {source: a.source, surface: a.surface, viewer: a.viewer, check: a.surface && $("check").value !== ""};
  for (const el of document.querySelectorAll("[data-for]")) el.classList.toggle("hidden", !needs[el.dataset.for]);
  $("photo").placeholder = $("check").value === "expect" ? "v0|v1" : "v1";
}

function stepLine() {
  const a = vocab.actions.find((x) => x.name === $("action").value);
  const at = $("at").value.trim() || "0s";
  let words = a.name;
  if (a.source) words += " " + $("source").value;
  if (a.surface) {
    const sv = $("surface").value + " " + $("viewer").value;
    const photo = $("photo").value.trim() || "v0";
    if ($("check").value === "observe") words = "observe " + sv + " " + photo;
    else if ($("check").value === "expect") words = "expect " + sv + " = " + photo;
    else words += " " + sv;
  } else if (a.viewer) {
    words += " " + $("viewer").value;
  }
  return "at " + at + " " + words;
}

function addStep() {
  let text = $("text").value;
  if (text && !text.endsWith("\n")) text += "\n";
  $("text").value = text + stepLine() + "\n";
  editor.draw();
  cur = Number.MAX_SAFE_INTEGER; // select the new last step
  run().then(() => { if (last && last.report) select(last.report.events.length - 1); });
}

function link() {
  const url = PS.runLink($("text").value, $("rules").value);
  history.replaceState(null, "", url);
  PS.copy(location.href, $("note"));
}

async function init() {
  editor = PS.editor($("text"), $("gutter"));
  const v = await PS.api("/api/vocab", {});
  vocab = v.data;
  fill($("rules"), [["", "as the scenario says (default observed)"], ...vocab.ruleSets.map((r) => [r.name, `${r.name} — ${r.period}`])]);
  fill($("action"), vocab.actions.map((a) => [a.name, a.name]));
  fill($("source"), vocab.sources.map((s) => [s, s]));
  fill($("surface"), vocab.surfaces.map((s) => [s.name, s.label]));
  fill($("viewer"), vocab.viewers.map((s) => [s, s]));
  $("action").value = "view";
  adapt();
  const q = new URLSearchParams(location.search);
  $("rules").value = q.get("rules") || "";
  $("text").value = q.has("scenario") ? q.get("scenario") : example;
  editor.draw();
  $("action").addEventListener("change", adapt);
  $("check").addEventListener("change", adapt);
  $("run").addEventListener("click", run);
  $("rules").addEventListener("change", run);
  $("add").addEventListener("click", addStep);
  $("copy").addEventListener("click", () => PS.copy($("text").value, $("note")));
  $("download").addEventListener("click", () => PS.download("photosync.scenario", $("text").value));
  $("link").addEventListener("click", link);
  $("upload").addEventListener("change", async (ev) => {
    const f = ev.target.files[0];
    if (!f) return;
    if (f.size > 1 << 20) { PS.say($("error"), "error", "The file is over 1 MB."); return; }
    $("text").value = await f.text();
    editor.draw();
    run();
  });
  $("text").addEventListener("keydown", (ev) => { if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); run(); } });
  $("back").addEventListener("click", () => select(Math.max(0, cur - 1)));
  $("fwd").addEventListener("click", () => select(cur + 1));
  $("timeline").setAttribute("tabindex", "0");
  $("timeline").addEventListener("keydown", (ev) => {
    const n = last && last.report ? last.report.events.length : 0;
    if (ev.key === "ArrowDown" || ev.key === "ArrowRight") { ev.preventDefault(); select(Math.min(n - 1, cur + 1)); }
    if (ev.key === "ArrowUp" || ev.key === "ArrowLeft") { ev.preventDefault(); select(Math.max(0, cur - 1)); }
  });
  run();
}

document.addEventListener("DOMContentLoaded", init);
