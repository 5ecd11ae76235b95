// The eras page (/eras): every property under every named rule set, from
// /api/eras (the object of photosync eras --json).
"use strict";

const VERDICT = {
  "holds": ["holds", "holds"],
  "holds vacuously": ["vacuous", "vacuous"],
  "violated": ["violated", "violated"],
  "unknown": ["unknown", "unknown"],
};

// The delta's lists, in the order the command line prints them.
const DELTA = [
  ["breaks_invariants", "breaks invariants"],
  ["makes_goals_hold", "makes goals hold"],
  ["makes_goals_fail", "makes goals fail"],
  ["holds_vacuously", "holds vacuously (never does what they speak of)"],
  ["undecided", "undecided (unknown here or under observed)"],
];

function cell(rep, p, rs) {
  const v = p.verdicts[rs.name];
  const [cls, word] = VERDICT[v] || ["unknown", v];
  const differs = rs.name !== "observed" && v !== p.verdicts.observed;
  const td = PS.el("td", {class: "v " + cls + (differs ? " differs" : ""), "data-ruleset": rs.name,
    "data-property": p.name, "data-verdict": v, "data-differs": differs ? "true" : null,
    title: `${p.name} under ${rs.name}: ${v}` + (differs ? ` (observed: ${p.verdicts.observed})` : "")});
  const cx = p.counterexamples[rs.name];
  if (v === "violated" && cx) {
    td.append(PS.el("a", {class: "cx", "data-testid": `cx-${rs.name}-${p.name}`, href: PS.runLink(cx, rs.name),
      "aria-label": `${p.name} violated under ${rs.name}: open the counterexample in the workbench`}, word + " ↗"));
  } else {
    td.append(word);
  }
  if (differs) td.append(PS.el("span", {class: "sr"}, " (differs from observed)"));
  return td;
}

function matrix(rep) {
  const t = $("eras-table");
  const head = PS.el("tr", {}, PS.el("th", {scope: "col"}, "property"));
  for (const rs of rep.rule_sets) {
    head.append(PS.el("th", {scope: "col", "data-ruleset": rs.name, title: rs.period}, rs.name));
  }
  const body = PS.el("tbody");
  for (const p of rep.properties) {
    const tr = PS.el("tr", {"data-property": p.name},
      PS.el("th", {scope: "row", class: "prop", title: p.trigger ? "speaks of " + p.trigger : null},
        PS.el("span", {class: "mono"}, p.name), " ", PS.el("span", {class: "tag kind"}, p.kind),
        PS.el("small", {}, p.title)));
    for (const rs of rep.rule_sets) tr.append(cell(rep, p, rs));
    body.append(tr);
  }
  t.replaceChildren(PS.el("thead", {}, head), body);
}

function changes(rep) {
  const ul = $("eras-changes");
  ul.replaceChildren();
  for (const rs of rep.rule_sets) {
    const d = rs.against_observed;
    if (!d) continue;
    const li = PS.el("li", {"data-ruleset": rs.name}, PS.el("strong", {}, rs.name), PS.el("span", {class: "muted"}, " (" + rs.period + ")"));
    const parts = PS.el("ul");
    for (const [key, words] of DELTA) {
      if (d[key] && d[key].length) {
        parts.append(PS.el("li", {"data-delta": key}, words + ": ", PS.el("span", {class: "mono"}, d[key].join(", "))));
      }
    }
    if (!parts.children.length) parts.append(PS.el("li", {}, "no verdict changes"));
    li.append(parts);
    ul.append(li);
  }
}

function ruleSets(rep) {
  const t = $("eras-rulesets");
  const head = PS.el("tr", {}, ...["rule set", "period", "facts", "what it is", "knobs changed from observed", ""].map((h) => PS.el("th", {scope: "col"}, h)));
  const body = PS.el("tbody");
  for (const rs of rep.rule_sets) {
    const knobs = Object.entries(rs.changed).map(([k, v]) => k + " = " + v);
    body.append(PS.el("tr", {"data-ruleset": rs.name},
      PS.el("th", {scope: "row", class: "mono"}, rs.name), PS.el("td", {}, rs.period), PS.el("td", {}, rs.facts.join(", ")),
      PS.el("td", {}, rs.description),
      PS.el("td", {class: "mono"}, knobs.length ? knobs.join("\n") : "—"),
      PS.el("td", {}, PS.el("a", {class: "check", href: "/check?rules=" + encodeURIComponent(rs.name)}, "Check " + rs.name))));
  }
  t.replaceChildren(PS.el("thead", {}, head), body);
}

async function init() {
  PS.say($("eras-status"), "info", "Computing every property under every rule set (a second or two the first time; the server keeps the table)…");
  $("eras-status").prepend(PS.el("span", {class: "spinner", "aria-hidden": "true"}));
  const res = await PS.api("/api/eras", {});
  if (!res.ok) {
    PS.say($("eras-status"), "warn", "The table could not be computed.");
    PS.say($("eras-error"), "error", res.data.error || "error " + res.status);
    return;
  }
  const rep = res.data;
  let differ = 0, violated = 0;
  for (const p of rep.properties) {
    for (const rs of rep.rule_sets) {
      if (rs.name !== "observed" && p.verdicts[rs.name] !== p.verdicts.observed) differ++;
      if (p.verdicts[rs.name] === "violated") violated++;
    }
  }
  const summary = `${rep.properties.length} properties under ${rep.rule_sets.length} rule sets, ${rep.viewers} viewers: ` +
    `${violated} violated cells, ${differ} differ from observed.`;
  if (rep.bounded) PS.say($("eras-status"), "warn", summary + " Some verdicts are unknown: " + rep.bounded);
  else PS.say($("eras-status"), "ok", summary + " Every verdict is decided.");
  matrix(rep);
  changes(rep);
  ruleSets(rep);
}

document.addEventListener("DOMContentLoaded", init);
