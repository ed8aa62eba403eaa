/* Self-check questions of "Information Theory Basics" (infolib/selfcheck.py writes the forms). */
/* A numeric answer is right within the form's tolerance; a choice shows why it is right or wrong. */
/* The feedback line is aria-live, so screen readers announce it. No dependencies. */
(function () {
  "use strict";
  function number(s) {
    s = s.trim().replace(/\u2212/g, "-").replace(/^([-+]?\d*),(\d+)$/, "$1.$2");
    return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s) ? parseFloat(s) : NaN;
  }
  function check(form) {
    var out = form.querySelector(".itsc-feedback"), ok = null, msg;
    if (form.getAttribute("data-kind") === "numeric") {
      var box = form.querySelector("input"), v = number(box.value);
      if (v !== v) msg = "Enter a number, such as 0.25.";
      else {
        ok = Math.abs(v - parseFloat(form.getAttribute("data-answer"))) <= parseFloat(form.getAttribute("data-tol")) * (1 + 1e-9);
        msg = ok ? "Correct: " + form.querySelector("details p").textContent : "Not quite. Check your working, or open \u201cShow the answer\u201d.";
      }
      box.setAttribute("aria-invalid", ok ? "false" : "true");
    } else {
      var pick = form.querySelector("input:checked");
      if (!pick) msg = "Choose an answer first.";
      else {
        ok = pick.hasAttribute("data-correct");
        msg = (ok ? "Correct. " : "Not quite. ") + pick.getAttribute("data-why");
      }
    }
    out.className = "itsc-feedback" + (ok === true ? " itsc-right" : ok === false ? " itsc-wrong" : "");
    out.textContent = msg;
  }
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (form.classList && form.classList.contains("itsc")) { e.preventDefault(); check(form); }
  });
})();
