// The diagnosis (/infer): a log of observations, run on /api/infer (the
// object of photosync infer --json), round after round: each round shows
// what fits and the next experiment, and each of its outcomes is a button
// that appends the observe line to the log and runs the next round.
"use strict";

const example = `# What I did in my tenant and what I saw, one line a step.
at 0s change outlook-online
at 1m observe outlook-online-contact-card observer v1
at 1m observe sharepoint-mysite observer v0
at 2m observe yammer observer v0
`;

let editor, controller = null, round = 0, timer = null;

function busy(on) {
  $("infer-run").disabled = on;
  $("infer-cancel").disabled = !on;
  for (const b of document.querySelectorAll("#infer-choices button")) b.disabled = on;
  if (timer) { clearInterval(timer); timer = null; }
}

// photos says what each photo of the log is: v0 the one before any
// change, vN the one the Nth change made.
function photos() {
  const ul = $("infer-photos");
  ul.replaceChildren(PS.el("li", {}, PS.photos("v0"), " the subject's photo before the log's first change"));
  let n = 0;
  for (const line of $("infer-log").value.split("\n")) {
    const m = line.match(/^\s*at\s+(\S+)\s+change\s+(\S+)/);
    if (m) {
      n++;
      ul.append(PS.el("li", {}, PS.photos("v" + n), ` the photo of change ${n}, at ${m[1]} in ${m[2]}`));
    }
  }
  ul.append(PS.el("li", {}, PS.photos("none"), " no photo at all (the initials or a silhouette)"));
}

function knobTable(t, rows, head) {
  const entries = Object.entries(rows).sort(([a], [b]) => a.localeCompare(b));
  if (!entries.length) {
    t.replaceChildren(PS.el("tbody", {}, PS.el("tr", {}, PS.el("td", {class: "muted"}, "none"))));
    return;
  }
  const body = PS.el("tbody");
  for (const [k, v] of entries) {
    body.append(PS.el("tr", {"data-knob": k}, PS.el("th", {scope: "row", class: "mono"}, k),
      PS.el("td", {class: "mono"}, Array.isArray(v) ? v.join(", ") : v)));
  }
  t.replaceChildren(PS.el("thead", {}, PS.el("tr", {}, PS.el("th", {scope: "col"}, "knob"), PS.el("th", {scope: "col"}, head))), body);
}

function state(kind, cls, text) {
  const el = $("infer-state");
  PS.say(el, cls, text);
  el.dataset.state = kind;
}

function render(d) {
  $("infer-count").textContent = `${PS.fmt(d.fitting)} of ${PS.fmt(d.candidates)} candidates fit`;
  $("infer-count").dataset.fitting = d.fitting;
  $("infer-count").dataset.candidates = d.candidates;
  knobTable($("infer-settled"), d.settled || {}, "value");
  knobTable($("infer-open"), d.open || {}, "values still possible");
  $("infer-named").textContent = d.named && d.named.length ? d.named.join(", ") : "none";
  const dropped = $("infer-dropped");
  dropped.replaceChildren();
  $("infer-next").classList.add("hidden");
  $("infer-choices").replaceChildren();
  if (d.fitting === 0) {
    state("nofit", "error", "No candidate rule set fits the log. Check the line below for a typo or a photo written down wrong; if it is right, your tenant does something no candidate does.");
    let line = 0;
    for (const dr of d.dropped || []) {
      line = dr.line;
      dropped.append(PS.el("li", {}, PS.el("a", {href: "#", onclick: (ev) => { ev.preventDefault(); editor.mark(dr.line); }}, "line " + dr.line),
        `: ${dr.check} — ${PS.fmt(dr.candidates)} candidates predicted ${dr.predicted}` + (dr.where ? ` (${dr.where})` : "")));
    }
    if (line) editor.mark(line);
  } else if (d.fitting === 1) {
    state("settled", "ok", "Settled: exactly one candidate rule set fits your log. The settled knobs below are your tenant's rules.");
  } else if (d.nextInfo && d.choices && d.choices.length) {
    let words = `Not settled yet: do the next experiment below (${d.nextInfo.steps} step${d.nextInfo.steps === 1 ? "" : "s"}), then press what you saw.`;
    const keepAll = d.choices.filter((c, i) => d.nextInfo.outcomes[i] && d.nextInfo.outcomes[i].fitting === d.fitting);
    if (keepAll.length) {
      words += ` Beware: ${keepAll.map((c) => c.photo).join(" or ")} can show under every fitting candidate, so seeing it tells nothing new` +
        " (the model lets that view vary); the other answers do narrow them.";
    }
    state("open", "info", words);
    $("infer-next").classList.remove("hidden");
    $("infer-next-sentence").textContent = `Carry on from the end of your log (at ${d.end}): follow these steps, each right after the one before unless a step says to wait. ` +
      `Whatever the last step shows, at most ${PS.fmt(d.nextInfo.worst)} of the ${PS.fmt(d.fitting)} candidates stay.`;
    $("infer-steps").replaceChildren(...d.steps.map((s) => PS.el("li", {}, s)));
    for (const c of d.choices) {
      $("infer-choices").append(PS.el("button", {"data-photo": c.photo, "data-testid": "choice-" + c.photo,
        onclick: () => answer(c)}, PS.el("strong", {}, c.label), PS.el("span", {}, c.words + ".")));
    }
    $("infer-plan").textContent = d.plan;
  } else if (d.noNext && d.noNextBounded) {
    state("bounded", "warn", `${PS.fmt(d.fitting)} candidates still fit, and the search for an experiment that tells them apart stopped at a bound, so one may still exist: ` + d.noNext);
  } else if (d.noNext) {
    state("none", "ok", `Done: ${PS.fmt(d.fitting)} candidates still fit, and no experiment can tell them apart — they behave alike in everything an experiment can show. ` + d.noNext);
  } else {
    state("bounded", "warn", "No next experiment was searched for.");
  }
}

function historyLine(what, d) {
  const text = `Round ${round}: ${what} → ` + (d ? `${PS.fmt(d.fitting)} fit` : "stopped");
  $("infer-history").append(PS.el("li", {}, text));
}

async function diagnose(what) {
  if (controller) controller.abort();
  controller = new AbortController();
  round++;
  busy(true);
  PS.say($("infer-error"), "error", "");
  editor.mark(0);
  photos();
  const started = Date.now();
  const progress = () => {
    const s = Math.floor((Date.now() - started) / 1000);
    PS.say($("infer-status"), "info", `Round ${round}: running your log over every candidate and searching for the next experiment… ${s} s`);
    $("infer-status").prepend(PS.el("span", {class: "spinner", "aria-hidden": "true"}));
  };
  progress();
  timer = setInterval(progress, 1000);
  const res = await PS.api("/api/infer", {log: $("infer-log").value}, controller.signal);
  controller = null;
  busy(false);
  if (res.aborted) {
    PS.say($("infer-status"), "warn", `Round ${round} cancelled: the server stopped it. Press Diagnose to run it again.`);
    historyLine(what + " (cancelled)", null);
    return;
  }
  if (!res.ok && res.status === 503) {
    PS.say($("infer-status"), "warn", `Round ${round} stopped at the server's time limit.`);
    state("bounded", "warn", "Bounded: " + (res.data.error || "the time limit") + ". What fits below is the last round's answer.");
    historyLine(what + " (bounded by time)", null);
    return;
  }
  if (!res.ok) {
    PS.say($("infer-status"), "warn", `Round ${round}: the log was not diagnosed.`);
    PS.say($("infer-error"), "error", res.data.error || "error " + res.status);
    if (res.data.line && res.data.input === "tenant.log") editor.mark(res.data.line);
    historyLine(what + " (error)", null);
    return;
  }
  const d = res.data;
  if (d.bounded) {
    PS.say($("infer-status"), "warn", `Round ${round} stopped at a bound: ${d.bounded}. Shorten the log, or run photosync infer with a higher --max-states.`);
    state("bounded", "warn", "Bounded: " + d.bounded);
    historyLine(what + " (bounded)", null);
    return;
  }
  PS.say($("infer-status"), "ok", `Round ${round}: done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  historyLine(what, d);
  render(d);
}

// answer appends what the person saw to the log and runs the next round.
function answer(c) {
  let text = $("infer-log").value;
  if (text && !text.endsWith("\n")) text += "\n";
  text += `# Experiment of round ${round}: ${c.label}.\n` + c.append;
  $("infer-log").value = text;
  editor.draw();
  $("infer-log").scrollTop = $("infer-log").scrollHeight;
  diagnose(c.label);
}

function init() {
  editor = PS.editor($("infer-log"), $("infer-gutter"));
  const q = new URLSearchParams(location.search);
  $("infer-log").value = q.has("log") ? q.get("log") : example;
  editor.draw();
  $("infer-run").addEventListener("click", () => diagnose("your log"));
  $("infer-cancel").addEventListener("click", () => { if (controller) controller.abort(); });
  $("infer-download").addEventListener("click", () => PS.download("tenant.log", $("infer-log").value));
  $("infer-link").addEventListener("click", () => {
    history.replaceState(null, "", "/infer?log=" + encodeURIComponent($("infer-log").value));
    PS.copy(location.href, $("infer-note"));
  });
  $("infer-example").addEventListener("click", () => {
    $("infer-log").value = example;
    editor.draw();
    $("infer-history").replaceChildren();
    round = 0;
    diagnose("the example log");
  });
  $("infer-upload").addEventListener("change", async (ev) => {
    const f = ev.target.files[0];
    if (!f) return;
    if (f.size > 1 << 20) { PS.say($("infer-error"), "error", "The file is over 1 MB."); return; }
    $("infer-log").value = await f.text();
    editor.draw();
    diagnose(f.name);
  });
  $("infer-log").addEventListener("keydown", (ev) => { if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); diagnose("your log"); } });
  $("infer-log").addEventListener("input", photos);
  diagnose(q.has("log") ? "your log" : "the example log");
}

document.addEventListener("DOMContentLoaded", init);
