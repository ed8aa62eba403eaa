/* Self-check questions (infolib/selfcheck.py writes the forms and documents this script). No eval. */
(function () {
  "use strict";
  var M = {ln: "log", pi: "PI", e: "E"}, HOW = " Write a number (0.25), a fraction (3/4) or an expression like log2(3).";
  function bad(k) { return "Cannot read \u201c" + k + "\u201d."; }
  function value(s, base) {  /* log to this base; throws a message */
    var t = s.match(/(\d+\.?\d*|\.\d+)(e[-+]?\d+)?|[a-z]\w*|\S/gi) || [], i = 0;
    function sum() {
      var v = product(), o;
      while ((o = t[i]) === "+" || o === "-") { i++; v = o === "+" ? v + product() : v - product(); }
      return v;
    }
    function product() {
      var v = signed(), o;
      while ((o = t[i]) === "*" || o === "/") { i++; v = o === "*" ? v * signed() : v / signed(); }
      return v;
    }
    function signed() {  /* -2^2 is -(2^2); 2^3^2 = 2^9 */
      var o = t[i], b;
      if (o === "-" || o === "+") { i++; return o === "-" ? -signed() : signed(); }
      b = atom();
      if (t[i] === "^") { i++; return Math.pow(b, signed()); }
      return b;
    }
    function atom() {
      var k = t[i++], n = String(k).toLowerCase(), f = /^(pi|e)$/.test(n) ? 0 : t[i] === "(" && /^(sqrt|exp|ln|log(2|10)?)$/.test(n);
      if (k === undefined) throw "Incomplete." + HOW;
      if (/^[\d.]/.test(k)) return parseFloat(k);
      if (k === "(") { f = sum(); if (t[i++] !== ")") throw "A bracket is not closed."; return f; }
      if (f === 0) return Math[M[n]];  /* names checked above */
      if (f) return n === "log" ? Math.log(atom()) / Math.log(base) : Math[M[n] || n](atom());
      throw bad(k) + (/^[a-z]/i.test(k) ? " Known: log2(x), ln, log10, log, exp, sqrt, pi, e." : HOW);
    }
    var v = sum();
    if (i < t.length) throw bad(t[i]) + HOW;
    if (!isFinite(v)) throw "No finite value (a division by 0, a log of 0?)";
    return v;
  }
  function read(s, unit, pct) {  /* an answer to a question in unit (bits, nats or ""), pct if 5% may be 0.05: {v} or {msg} */
    s = String(s).trim().replace(/\u2212/g, "-").replace(/[\u00d7\u00b7\u22c5]/g, "*").replace(/\u00f7/g, "/")
      .replace(/\*\*/g, "^").replace(/\u03c0/g, "pi").replace(/^([-+]?\d*),(\d+)(?=\D*$)/, "$1.$2");
    var m = s.match(/^(.*?)\s*(bit|nat|%)s?( per \w+)?$/i), u = m && m[2].toLowerCase(), a, b;
    if (s.length > 100) return {msg: "Too long." + HOW};
    if (m) {
      s = m[1];
      if (u === "%" ? unit || !pct : u + "s" !== unit.split(" ")[0])
        return {msg: "The answer is " + (unit ? "in " + unit : "a plain number") + ", not " + (u === "%" ? "a percentage" : "in " + u + "s") + "."};
    }
    try { a = value(s, 2); b = value(s, 10); } catch (x) { return {msg: String(x)}; }
    if (Math.abs(a - b) > 1e-12 * Math.max(1, Math.abs(a))) return {msg: "Which logarithm? Write log2, ln or log10."};
    return {v: u === "%" ? a / 100 : a};
  }
  if (typeof document === "undefined") {  /* for the tests, in Node */
    module.exports = read;
    return;
  }
  document.addEventListener("submit", function (e) {
    var form = e.target, d = form.dataset, out, ok = null, msg, why, box, r, pick, near;
    if (!form.classList || !form.classList.contains("itsc")) return;
    e.preventDefault();
    out = form.querySelector(".itsc-feedback");
    if (d.kind === "numeric") {
      box = form.querySelector("input");
      r = read(box.value, d.unit || "", "pct" in d);
      if (!("v" in r)) msg = r.msg;
      else {
        near = function (x) { return Math.abs(r.v - x) <= d.tol * (1 + 1e-9); };
        ok = near(d.answer);
        if (ok) why = form.querySelector("details p");
        else form.querySelectorAll("[data-mistake]").forEach(function (p) { why = why || near(p.dataset.mistake) && p; });
        /* a typical mistake's hint; no two are within the tolerance of one number */
        msg = ok ? "Correct: " : "Not quite. " + (why ? "" : "Check your working, or open \u201cShow the answer\u201d.");
      }
      box.setAttribute("aria-invalid", !ok);
    } else {
      pick = form.querySelector("input:checked");
      if (!pick) msg = "Choose an answer first.";
      else {
        ok = "correct" in pick.dataset;
        msg = ok ? "Correct. " : "Not quite. ";
        why = form.querySelector('[data-why="' + pick.value + '"]');
      }
    }
    out.className = "itsc-feedback" + (ok === null ? "" : " itsc-" + (ok ? "right" : "wrong"));
    out.textContent = msg;
    if (why) why.childNodes.forEach(function (n) { out.appendChild(n.cloneNode(true)); });
  });
})();
