/* Self-check questions (infolib/selfcheck.py writes the forms and documents this script). No eval, no dependencies. */
(function () {
  "use strict";
  var FUN = {sqrt: Math.sqrt, exp: Math.exp, ln: Math.log, log2: Math.log2, log10: Math.log10},
      CON = {pi: Math.PI, e: Math.E}, own = Object.prototype.hasOwnProperty;
  function value(s) {
    s = String(s).trim().replace(/\u2212/g, "-").replace(/[\u00d7\u00b7\u22c5]/g, "*").replace(/\u00f7/g, "/")
      .replace(/\*\*/g, "^").replace(/\u03c0/g, "pi").replace(/^([-+]?\d*),(\d+)$/, "$1.$2");
    if (s.length > 100) return NaN;
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
    function signed() {  /* -2^2 is -(2^2); 2^-1 and 2^3^2 = 2^9 as in mathematics */
      var o = t[i];
      if (o === "-" || o === "+") { i++; return o === "-" ? -signed() : signed(); }
      var b = atom();
      if (t[i] === "^") { i++; return Math.pow(b, signed()); }
      return b;
    }
    function atom() {
      var k = t[i++], v;
      if (k === undefined) throw 0;
      if (/^[\d.]/.test(k)) return parseFloat(k);
      if (k === "(") { v = sum(); if (t[i++] !== ")") throw 0; return v; }
      k = k.toLowerCase();
      if (own.call(CON, k)) return CON[k];
      if (own.call(FUN, k) && t[i] === "(") return FUN[k](atom());
      throw 0;
    }
    try { var v = sum(); return i === t.length && isFinite(v) ? v : NaN; } catch (x) { return NaN; }
  }
  if (typeof document === "undefined") { module.exports = value; return; }  /* for the tests, in Node */
  function check(form) {
    var out = form.querySelector(".itsc-feedback"), ok = null, msg, why;
    if (form.getAttribute("data-kind") === "numeric") {
      var box = form.querySelector("input"), v = value(box.value);
      if (v !== v) msg = "Enter a number, such as 0.25.";
      else {
        ok = Math.abs(v - parseFloat(form.getAttribute("data-answer"))) <= parseFloat(form.getAttribute("data-tol")) * (1 + 1e-9);
        msg = ok ? "Correct: " : "Not quite. Check your working, or open \u201cShow the answer\u201d.";
        if (ok) why = form.querySelector("details p");
      }
      box.setAttribute("aria-invalid", ok ? "false" : "true");
    } else {
      var pick = form.querySelector("input:checked");
      if (!pick) msg = "Choose an answer first.";
      else {
        ok = pick.hasAttribute("data-correct");
        msg = ok ? "Correct. " : "Not quite. ";
        why = form.querySelector('[data-why="' + pick.value + '"]');
      }
    }
    out.className = "itsc-feedback" + (ok === true ? " itsc-right" : ok === false ? " itsc-wrong" : "");
    out.textContent = msg;
    if (why) why.childNodes.forEach(function (n) { out.appendChild(n.cloneNode(true)); });
  }
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (form.classList && form.classList.contains("itsc")) { e.preventDefault(); check(form); }
  });
})();
