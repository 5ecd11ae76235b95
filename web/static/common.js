// photosync serve: what every page shares. Plain JavaScript, no library.
"use strict";

const PS = {};

// $ is the element of an id.
const $ = (id) => document.getElementById(id);

// PS.el builds an element: PS.el("td", {class: "x"}, "text", child).
PS.el = function (tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const kid of kids.flat()) {
    if (kid === undefined || kid === null || kid === false) continue;
    e.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
  return e;
};

// PS.api posts fields to an endpoint of /api/ and returns {ok, status, data}.
PS.api = async function (path, fields, signal) {
  let resp;
  try {
    resp = await fetch(path, {method: "POST", headers: {"Content-Type": "application/json"},
      body: JSON.stringify(fields), signal});
  } catch (err) {
    if (err.name === "AbortError") return {ok: false, status: 0, data: {error: "cancelled"}, aborted: true};
    return {ok: false, status: 0, data: {error: "the server does not answer: " + err.message}};
  }
  let data;
  try { data = await resp.json(); } catch (err) { data = {error: "the server answered " + resp.status + " without JSON"}; }
  return {ok: resp.ok, status: resp.status, data};
};

// PS.photos writes a set of photos ("v0|v1", "none", "") as chips.
PS.photos = function (set) {
  if (set === undefined || set === null || set === "") return PS.el("span", {class: "muted"}, "—");
  const span = PS.el("span", {class: "photos"});
  for (const p of set.split("|")) {
    const n = p === "none" ? -1 : parseInt(p.slice(1), 10);
    span.append(PS.el("span", {class: "chip" + (n < 0 ? " none" : n > 0 ? " p" + (((n - 1) % 5) + 1) : ""), title: p}, p));
  }
  return span;
};

// PS.download saves text as a file.
PS.download = function (name, text) {
  const a = PS.el("a", {href: URL.createObjectURL(new Blob([text], {type: "text/plain"})), download: name});
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 0);
};

// PS.copy copies text to the clipboard and says so in el.
PS.copy = async function (text, el) {
  try {
    await navigator.clipboard.writeText(text);
    PS.say(el, "ok", "Copied.");
  } catch (err) {
    PS.say(el, "warn", "The browser refused to copy; select the text and copy it yourself.");
  }
};

// PS.say shows a message of a kind (error, info, ok, warn) in el; "" hides it.
PS.say = function (el, kind, text) {
  el.className = "msg " + kind + (text ? "" : " hidden");
  el.textContent = text;
};

// PS.fmt writes a number with thousands separators, as the CLI does.
PS.fmt = function (n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); };

// PS.editor wires a textarea to its gutter of line numbers; mark(n) marks
// line n (0: none) and scrolls to it.
PS.editor = function (textarea, gutter) {
  let bad = 0;
  const draw = function () {
    const n = textarea.value.split("\n").length;
    gutter.replaceChildren();
    for (let i = 1; i <= n; i++) {
      gutter.append(i === bad ? PS.el("span", {class: "bad", title: "the error is on this line"}, String(i)) : String(i));
      gutter.append("\n");
    }
    gutter.scrollTop = textarea.scrollTop;
  };
  textarea.addEventListener("input", () => { bad = 0; draw(); });
  textarea.addEventListener("scroll", () => { gutter.scrollTop = textarea.scrollTop; });
  draw();
  return {
    draw,
    mark(n) {
      bad = n || 0;
      draw();
      if (bad) {
        const lines = textarea.value.split("\n");
        const start = lines.slice(0, bad - 1).join("\n").length + (bad > 1 ? 1 : 0);
        textarea.focus();
        textarea.setSelectionRange(start, start + (lines[bad - 1] || "").length);
        const lh = parseFloat(getComputedStyle(textarea).lineHeight) || 19;
        textarea.scrollTop = Math.max(0, (bad - 3) * lh);
        gutter.scrollTop = textarea.scrollTop;
      }
    },
  };
};

// PS.nav marks the current page in the header.
PS.nav = function () {
  for (const a of document.querySelectorAll("header.top nav a")) {
    if (a.getAttribute("href") === location.pathname) a.setAttribute("aria-current", "page");
  }
};

// PS.runLink is the workbench's link to a scenario.
PS.runLink = function (scenario, rules) {
  const q = new URLSearchParams();
  if (rules) q.set("rules", rules);
  q.set("scenario", scenario);
  return "/run?" + q.toString();
};

document.addEventListener("DOMContentLoaded", PS.nav);
