/* Explorables of "Information Theory Basics" (infolib/explorables.py writes the markup). */
/* Each .itbx element holds range inputs, spans marked data-out, and an SVG; this script */
/* recomputes the values and redraws the SVG whenever an input moves. No dependencies. */
(function () {
  "use strict";
  /* Each copy (one per notebook output) adds its kinds to the one shared registry. */
  var X = window.itbx || (window.itbx = { kinds: {} }), K = X.kinds, LN2 = Math.LN2;
  var C = { blue: "#0072B2", orange: "#E69F00", green: "#009E73", red: "#D55E00", sky: "#56B4E9", purple: "#CC79A7" };

  function fmt(v, d) {
    if (v === Infinity) return "\u221e";
    if (v !== v) return "\u2013";
    var s = v.toFixed(d === undefined ? 3 : d);
    return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
  }
  function lg(x) { return Math.log(x) / LN2; }
  function ent(p) { var s = 0; p.forEach(function (x) { if (x > 0) s -= x * Math.log(x); }); return s; } // nats
  function kl(p, q) { // nats; infinite where q misses p's support
    var s = 0;
    for (var i = 0; i < p.length; i++) if (p[i] > 0) { if (!(q[i] > 0)) return Infinity; s += p[i] * Math.log(p[i] / q[i]); }
    return Math.max(s, 0);
  }
  function norm(w) { var t = 0; w.forEach(function (x) { t += x; }); return t > 0 ? w.map((x) => x / t) : null; }
  function huffman(p) { // code lengths, ties broken by order as infolib.HuffmanCode does
    var len = p.map((x) => x > 0 ? 0 : null), t = 0, nodes = [];
    p.forEach(function (x, i) { if (x > 0) nodes.push({ p: x, t: t++, g: [i] }); });
    if (nodes.length === 1) { len[nodes[0].g[0]] = 1; return len; }
    while (nodes.length > 1) {
      nodes.sort((a, b) => a.p - b.p || a.t - b.t);
      var a = nodes.shift(), b = nodes.shift(), g = a.g.concat(b.g);
      g.forEach(function (i) { len[i]++; });
      nodes.push({ p: a.p + b.p, t: t++, g: g });
    }
    return len;
  }
  function esc(s) { return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;"); }
  /* The course's subscripted names (H_ce, H_b) in SVG text. */
  function sub(s) { return esc(s).replace(/\bH_(ce|b)\b/g, 'H<tspan baseline-shift="sub" font-size="75%">$1</tspan>'); }

  /* A plot frame: x and y ranges -> SVG coordinates, with axes, ticks and labels. */
  /* cats: names for the x positions 0, 1, ...; ylab null: no y axis (a bar of bits). */
  /* The left margin holds the y title and the widest tick label, so they never overlap. */
  function Frame(xr, yr, xlab, ylab, cats) {
    var W = 360, H = 210, yt = ylab === null ? null : ticks(yr), r = 12, t = 10, b = 40, wide = 0;
    if (yt) yt[0].forEach(function (v) { wide = Math.max(wide, fmt(v, yt[1]).length); });
    var l = yt ? 30 + 7 * wide : 12;
    this.l = l; this.t = t; this.w = W - l - r; this.h = H - t - b;
    this.x = (v) => l + (v - xr[0]) / (xr[1] - xr[0]) * (W - l - r);
    this.y = (v) => H - b - (v - yr[0]) / (yr[1] - yr[0]) * (H - t - b);
    this.parts = [];
    var f = this, ax = '<g class="itbx-axis">' + line(l, H - b, W - r, H - b), xt = ticks(xr);
    (cats || xt[0]).forEach(function (v, i) {
      var x = f.x(cats ? i : v);
      ax += line(x, H - b, x, H - b + 4) + text(x, H - b + 16, cats ? v : fmt(v, xt[1]), "middle");
    });
    if (yt) {
      ax += line(l, t, l, H - b);
      yt[0].forEach(function (v) { ax += line(l - 4, f.y(v), l, f.y(v)) + text(l - 7, f.y(v) + 4, fmt(v, yt[1]), "end"); });
      ax += '<text transform="translate(13,' + (t + H - b) / 2 + ') rotate(-90)" text-anchor="middle">' + esc(ylab) + "</text>";
    }
    this.parts.push(ax + text((l + W - r) / 2, H - 6, xlab, "middle") + "</g>");
    this.render = function (svg) { svg.innerHTML = this.parts.join(""); };
  }
  function ticks(r) { // about 5 round values in r, and their decimals
    var raw = (r[1] - r[0]) / 6, mag = Math.pow(10, Math.floor(Math.log10(raw))), st = mag, out = [];
    [1, 2, 2.5, 5, 10].some(function (m) { st = m * mag; return st >= raw * 0.99; });
    for (var v = Math.ceil(r[0] / st - 1e-9) * st; v <= r[1] + 1e-9; v += st) out.push(Math.abs(v) < 1e-12 ? 0 : v);
    return [out, Math.max(0, -Math.floor(Math.log10(st) + 1e-9) + (st / mag === 2.5 ? 1 : 0))];
  }
  function line(x1, y1, x2, y2, cls) { return '<line x1="' + x1.toFixed(1) + '" y1="' + y1.toFixed(1) + '" x2="' + x2.toFixed(1) + '" y2="' + y2.toFixed(1) + '"' + (cls ? ' class="' + cls + '"' : "") + "/>"; }
  function text(x, y, s, anchor, cls) { return '<text x="' + x.toFixed(1) + '" y="' + y.toFixed(1) + '" text-anchor="' + (anchor || "start") + '"' + (cls ? ' class="' + cls + '"' : "") + ">" + sub(s) + "</text>"; }
  function path(f, xs, ys, style) {
    var d = "";
    xs.forEach(function (x, i) { var y = Math.max(-1e4, Math.min(1e4, f.y(ys[i]))); d += (i ? "L" : "M") + f.x(x).toFixed(1) + " " + y.toFixed(1); });
    return '<path d="' + d + '" ' + style + "/>";
  }
  function plotArea(f, content) {
    var box = f.l + '" y="' + f.t + '" width="' + f.w + '" height="' + f.h;
    return '<svg x="' + box + '" viewBox="' + [f.l, f.t, f.w, f.h].join(" ") + '" overflow="hidden">' + content + "</svg>";
  }
  function legend(items, x, y) { // [colour, dash, text]
    return items.map(function (it, i) {
      var yy = y + 14 * i;
      return '<line x1="' + x + '" y1="' + (yy - 4) + '" x2="' + (x + 18) + '" y2="' + (yy - 4) + '" stroke="' + it[0] + '" stroke-width="2.5"' + (it[1] ? ' stroke-dasharray="' + it[1] + '"' : "") + "/>" + text(x + 22, yy, it[2], "start", "itbx-small");
    }).join("");
  }
  /* A horizontal stacked bar: segments [value, colour, label], scaled to the frame's x. */
  function stack(f, y, h, segs) {
    var x0 = 0, out = "";
    segs.forEach(function (s) {
      if (!(s[0] > 0) || s[0] === Infinity) return;
      var a = f.x(x0), b = f.x(Math.min(x0 + s[0], 1e6));
      out += '<rect x="' + a.toFixed(1) + '" y="' + y + '" width="' + Math.max(0, b - a).toFixed(1) + '" height="' + h + '" fill="' + s[1] + '"/>';
      if (b - a > 34) out += text((a + b) / 2, y + h / 2 + 4, s[2], "middle", s[1] === C.blue ? "itbx-onbar itbx-light" : "itbx-onbar");
      x0 += s[0];
    });
    return out;
  }
  function bars(f, xs, ys, colours, labels, tops) { // tops: heights to put the labels above (default: the bars)
    return xs.map(function (x, i) {
      var y0 = f.y(0), y1 = f.y(ys[i]), w = 0.6 * (f.x(1) - f.x(0));
      return '<rect x="' + (f.x(x) - w / 2).toFixed(1) + '" y="' + y1.toFixed(1) + '" width="' + w.toFixed(1) + '" height="' + Math.max(0, y0 - y1).toFixed(1) + '" fill="' + colours[i] + '"/>' +
        (labels ? text(f.x(x), Math.min(y1, tops ? f.y(tops[i]) : y1) - 5, labels[i], "middle", "itbx-small") : "");
    }).join("");
  }
  function curve(col) { return 'class="itbx-curve" stroke="' + col + '"'; }
  function dot(f, x, y) { return '<circle cx="' + f.x(x).toFixed(1) + '" cy="' + f.y(y).toFixed(1) + '" r="6" fill="' + C.red + '"/>'; }
  function range(a, b, n) { var out = []; for (var i = 0; i < n; i++) out.push(a + (b - a) * i / (n - 1)); return out; }
  function vals(v, name, n) { var out = []; for (var i = 0; i < n; i++) out.push(v[name + i]); return out; }

  /* Chapter 1: the information of one event of probability p. */
  K.surprisal = function (c, v) {
    var p = v.p, bits = -lg(p);
    return {
      out: { bits: fmt(bits), nats: fmt(-Math.log(p)), hartleys: fmt(-Math.log(p) / Math.LN10) },
      draw: function (svg) {
        var f = new Frame([0, 1], [0, 8], "probability p", "information (bits)"), ps = range(0.004, 1, 250);
        f.parts.push(path(f, ps, ps.map((x) => -lg(x)), curve(C.blue)));
        f.parts.push(line(f.x(p), f.y(0), f.x(p), f.y(bits), "itbx-guide") + line(f.x(0), f.y(bits), f.x(p), f.y(bits), "itbx-guide"));
        f.parts.push(dot(f, p, bits));
        f.render(svg);
      }
    };
  };

  /* Chapter 3: a distribution from weights; its entropy and its Huffman code. */
  K.coding = function (c, v) {
    var n = c.labels.length, p = norm(vals(v, "w", n));
    if (!p) return null;
    var len = huffman(p), L = 0;
    p.forEach(function (x, i) { if (len[i]) L += x * len[i]; });
    return {
      out: { H: fmt(ent(p) / LN2), Hmax: fmt(lg(n)), L: fmt(L), lengths: len.map((x) => x === null ? "\u2013" : x).join(", ") },
      draw: function (svg) {
        var f = new Frame([-0.5, n - 0.5], [0, 1], "outcome (bar label: codeword length in bits)", "probability", c.labels);
        f.parts.push(bars(f, range(0, n - 1, n), p, p.map(() => C.blue), len.map((x) => x === null ? "none" : x)));
        f.render(svg);
      }
    };
  };

  /* Chapter 2: a die from weights; the information of each face and their average. */
  K.faces = function (c, v) {
    var n = c.labels.length, p = norm(vals(v, "w", n));
    if (!p) return null;
    var info = p.map((x) => x > 0 ? -lg(x) : Infinity), avg = ent(p) / LN2;
    return {
      out: { avg: fmt(avg), Hmax: fmt(lg(n)), info: info.map((x) => fmt(x, 2)).join(", ") },
      draw: function (svg) {
        var f = new Frame([-0.5, n - 0.5], [0, 8], "face (bar label: probability)", "information (bits)", c.labels);
        f.parts.push(bars(f, range(0, n - 1, n), info.map((x) => Math.min(x, 8)), p.map(() => C.blue), p.map((x) => fmt(x, 2))));
        f.parts.push(line(f.x(-0.5), f.y(avg), f.x(n - 0.5), f.y(avg), "itbx-guide") + text(f.x(n - 0.5) - 2, f.y(avg) - 5, "average", "end", "itbx-small"));
        f.render(svg);
      }
    };
  };

  /* Chapter 4: two coins p and q; H_ce(p, q) = H(p) + D(p || q) as a stacked bar. */
  K.coins = function (c, v) {
    var p = [v.p, 1 - v.p], q = [v.q, 1 - v.q], s = c.lnb, hp = ent(p) / s, d = kl(p, q) / s, hpq = hp + d;
    return {
      out: { Hp: fmt(hp), Hpq: fmt(hpq), D: fmt(d) },
      draw: function (svg) {
        var top = Math.max(2, Math.ceil(hpq)), f = new Frame([0, top], [0, 1], c.unit + " per toss", null);
        f.parts.push(text(f.x(0), 40, "H_ce(p, q) = H(p) + D(p || q)", "start", "itbx-small") + text(f.x(0), 105, "cross-entropy H_ce(p, q)", "start", "itbx-small"));
        f.parts.push(stack(f, 50, 40, [[hp, C.blue, "H(p)"], [d, C.orange, "D"]]));
        f.parts.push(stack(f, 110, 40, [[hpq, C.green, "H_ce(p, q)"]]));
        f.render(svg);
      }
    };
  };

  /* Cross-entropy loss H_ce(target, softmax): logits, temperature (and label smoothing) -> softmax, loss, entropy. */
  K.softmax = function (c, v) {
    var k = c.classes.length, z = vals(v, "z", k), T = v.T, eps = v.eps || 0, m = -Infinity, s = 0;
    z = z.map((x) => x / T);
    z.forEach(function (x) { m = Math.max(m, x); });
    z.forEach(function (x) { s += Math.exp(x - m); });
    var logp = z.map((x) => x - m - Math.log(s)), p = logp.map(Math.exp), loss = 0;
    var tgt = logp.map((lp, i) => (i === c.label ? 1 - eps : 0) + eps / k);
    logp.forEach(function (lp, i) { if (tgt[i] > 0) loss -= tgt[i] * lp; });
    var out = { loss: fmt(loss / c.lnb), H: fmt(ent(p) / c.lnb) };
    if (v.eps !== undefined) out.Ht = fmt(ent(tgt) / c.lnb);
    p.forEach(function (x, i) { out["p" + i] = fmt(x); });
    return {
      out: out,
      draw: function (svg) {
        var cats = c.classes.map((x, i) => i === c.label ? x + " (true)" : x);
        var f = new Frame([-0.5, k - 0.5], [0, 1], "class (the true class is vermillion)", "predicted probability", cats);
        f.parts.push(bars(f, range(0, k - 1, k), p, p.map((x, i) => i === c.label ? C.red : C.sky), p.map((x) => fmt(x, 2)), v.eps === undefined ? null : tgt));
        if (v.eps !== undefined) {
          var w = 0.4 * (f.x(1) - f.x(0));
          f.parts.push(tgt.map((t, i) => line(f.x(i) - w, f.y(t), f.x(i) + w, f.y(t), "itbx-target")).join("") +
            '<line x1="236" y1="20" x2="254" y2="20" class="itbx-target"/>' + text(258, 24, "smoothed target", "start", "itbx-small"));
        }
        f.render(svg);
      }
    };
  };

  /* Chapter 5: fit one Gaussian to a mixture on a grid; both KL directions live. */
  K.gaussfit = function (c, v) {
    var xs = range(c.grid[0], c.grid[1], c.grid[2]), dx = xs[1] - xs[0];
    function normal(mu, sd) { return norm(xs.map((x) => Math.exp(-0.5 * Math.pow((x - mu) / sd, 2)))); }
    if (!c.p) { c.p = xs.map(() => 0); c.mix.forEach(function (m) { normal(m[1], m[2]).forEach(function (y, i) { c.p[i] += m[0] * y; }); }); }
    var q = normal(v.mu, v.sigma), F = kl(c.p, q) / c.lnb, R = kl(q, c.p) / c.lnb;
    return {
      out: { F: fmt(F), R: fmt(R) },
      draw: function (svg) {
        var f = new Frame([-6, 6], [0, 1.4], "x", "probability density"), dens = function (a) { return a.map((y) => y / dx); };
        var pd = dens(c.p), area = path(f, xs, pd, 'fill="' + C.sky + '" fill-opacity="0.35" stroke="none"');
        f.parts.push(plotArea(f, area + path(f, xs, dens(normal(c.fwd[0], c.fwd[1])), 'class="itbx-thin" stroke="' + C.blue + '" stroke-dasharray="2 3"') +
          path(f, xs, dens(normal(c.rev[0], c.rev[1])), 'class="itbx-thin" stroke="' + C.red + '" stroke-dasharray="7 4"') +
          path(f, xs, dens(q), curve(C.green))));
        f.parts.push(legend([[C.sky, "", "target p"], [C.green, "", "your q"], [C.blue, "2 3", "forward optimum"], [C.red, "7 4", "reverse optimum"]], 236, 24));
        f.render(svg);
      }
    };
  };

  /* Mutual information of two binary variables from a 2 x 2 table of weights. */
  K.mi2x2 = function (c, v) {
    var j = norm([v.w00, v.w01, v.w10, v.w11]), s = c.lnb;
    if (!j) return null;
    var hx = ent([j[0] + j[1], j[2] + j[3]]) / s, hy = ent([j[0] + j[2], j[1] + j[3]]) / s, hxy = ent(j) / s, mi = Math.max(0, hx + hy - hxy);
    return {
      out: { HX: fmt(hx), HY: fmt(hy), HXY: fmt(hxy), I: fmt(mi), c00: fmt(j[0]), c01: fmt(j[1]), c10: fmt(j[2]), c11: fmt(j[3]) },
      draw: function (svg) {
        var f = new Frame([0, 2], [0, 1], c.unit, null);
        f.parts.push(text(f.x(0), 22, "H(X, Y) = H(X | Y) + I(X; Y) + H(Y | X)", "start", "itbx-small"));
        f.parts.push(stack(f, 28, 36, [[hxy - hy, C.blue, "H(X|Y)"], [mi, C.orange, "I"], [hxy - hx, C.sky, "H(Y|X)"]]));
        f.parts.push(stack(f, 78, 36, [[hx, C.blue, "H(X)"]]) + stack(f, 124, 36, [[hx - mi, "none", ""], [hy, C.sky, "H(Y)"]]));
        f.render(svg);
      }
    };
  };

  /* A binary symmetric channel: crossover probability f, input P(X = 1) = a. */
  K.bsc = function (c, v) {
    function h(x) { return ent([x, 1 - x]) / LN2; }
    function info(a) { return Math.max(0, h(a * (1 - v.f) + (1 - a) * v.f) - h(v.f)); }
    var I = info(v.a), cap = 1 - h(v.f);
    return {
      out: { I: fmt(I), C: fmt(cap) },
      draw: function (svg) {
        var f = new Frame([0, 1], [0, 1], "input probability P(X = 1)", "bits per use"), as = range(0, 1, 101);
        f.parts.push(line(f.x(0), f.y(cap), f.x(1), f.y(cap), "itbx-guide") + text(f.x(1) - 2, f.y(cap) - 5, "capacity", "end", "itbx-small"));
        f.parts.push(path(f, as, as.map(info), curve(C.blue)));
        f.parts.push(dot(f, v.a, I));
        f.render(svg);
      }
    };
  };

  /* KL divergence between two Gaussians, in closed form. */
  K.gausskl = function (c, v) {
    var d = (Math.log(v.s2 / v.s1) + (v.s1 * v.s1 + Math.pow(v.m1 - v.m2, 2)) / (2 * v.s2 * v.s2) - 0.5) / c.lnb;
    return {
      out: { D: fmt(Math.max(0, d)) },
      draw: function (svg) {
        var f = new Frame([-6, 6], [0, 1.4], "x", "probability density"), xs = range(-6, 6, 241);
        function pdf(m, s) { return xs.map((x) => Math.exp(-0.5 * Math.pow((x - m) / s, 2)) / (s * Math.sqrt(2 * Math.PI))); }
        f.parts.push(plotArea(f,
          path(f, xs, pdf(v.m1, v.s1), curve(C.blue)) +
          path(f, xs, pdf(v.m2, v.s2), curve(C.red) + ' stroke-dasharray="7 4"')));
        f.parts.push(legend([[C.blue, "", "f"], [C.red, "7 4", "g"]], 290, 24));
        f.render(svg);
      }
    };
  };

  /* Chapter 10: one code coordinate of a linear VAE at its optimum; the KL term against beta. */
  K.collapse = function (c, v) {
    function k(b) { return Math.max(0, Math.log(v.lam / (b * v.s2)) / 2); }
    var kl = k(v.beta), t = v.lam / v.s2;
    return {
      out: { KL: fmt(kl), w: fmt(Math.sqrt(Math.max(0, v.lam - v.beta * v.s2))), thr: fmt(t) },
      draw: function (svg) {
        var f = new Frame([0, 30], [0, 3.5], "\u03b2", "KL term (nats)"), bs = range(0.1, 30, 300);
        if (t <= 30) f.parts.push(line(f.x(t), f.y(0), f.x(t), f.y(3.5), "itbx-guide"));
        f.parts.push(path(f, bs, bs.map(k), curve(C.blue)) + dot(f, v.beta, kl));
        f.render(svg);
      }
    };
  };

  function mount(root) {
    if (root.hasAttribute("data-ready")) return;
    var kind = K[root.getAttribute("data-kind")];
    if (!kind) return;
    root.setAttribute("data-ready", "");
    var cfg = JSON.parse(root.getAttribute("data-config") || "{}"), inputs = [].slice.call(root.querySelectorAll("input[type=range]"));
    function update() {
      var v = {};
      inputs.forEach(function (i) {
        v[i.name] = parseFloat(i.value);
        var shown = root.querySelector('[data-show="' + i.name + '"]'), st = i.step.split(".")[1];
        if (shown) shown.textContent = fmt(v[i.name], st ? st.length : 0);
      });
      var r = kind(cfg, v), svg = root.querySelector("svg"); // null: no distribution (all weights 0)
      [].forEach.call(root.querySelectorAll("[data-out]"), function (el) {
        var s = r ? r.out[el.getAttribute("data-out")] : "\u2013";
        if (s !== undefined && el.textContent !== s) el.textContent = s;
      });
      if (r) r.draw(svg); else svg.innerHTML = "";
    }
    inputs.forEach(function (i) { i.addEventListener("input", update); });
    update();
  }
  function mountAll() { [].forEach.call(document.querySelectorAll(".itbx"), mount); }
  X.mountAll = mountAll;
  var here = document.currentScript && document.currentScript.closest && document.currentScript.closest(".itbx");
  if (here) mount(here);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll); else mountAll();
})();
