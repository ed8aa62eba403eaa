'use strict';
// Typeset TeX as MathJax CommonHTML on the build machine, for math_prerender.py.
//
//   node math_prerender.js <folder of MathJax's es5 components>
//
// Reads one JSON request per line on stdin and answers each with one JSON
// line on stdout, in order:
//   {"tex": "...", "display": true}  ->  {"html": "<mjx-container ...>", "errors": [...]}
//   {"css": true}                    ->  {"css": "..."}   (every character typeset so far)
// "errors" lists TeX errors and undefined macros (MathJax typesets both in the
// page, so the build has to say so). The fonts are looked up in the folder
// "mathjax-fonts" beside the style sheet.

const path = require('path');
const readline = require('readline');

const mathjax = path.resolve(process.argv[2] || path.join(__dirname, 'mathjax'));

global.MathJax = {
  loader: {
    paths: {mathjax},
    require,
    load: ['adaptors/liteDOM', 'input/tex', 'output/chtml', 'a11y/assistive-mml'],
  },
  chtml: {fontURL: 'mathjax-fonts', matchFontHeight: false},
  startup: {typeset: false},
};
require(path.join(mathjax, 'startup.js'));

function answer(message) {
  process.stdout.write(JSON.stringify(message) + '\n');
}

MathJax.startup.promise.then(() => {
  const adaptor = MathJax.startup.adaptor;
  const problems = (node) => {
    const found = [];
    for (const e of adaptor.tags(node, 'mjx-merror')) {
      found.push('TeX error: ' + (adaptor.getAttribute(e, 'data-mjx-error') || adaptor.textContent(e)));
    }
    // The noundefined package typesets an unknown macro's name in red
    // (read from the hidden MathML: the CommonHTML draws its letters with CSS).
    for (const e of adaptor.tags(node, 'mtext')) {
      if (adaptor.getAttribute(e, 'mathcolor') === 'red') {
        found.push('undefined macro: ' + adaptor.textContent(e));
      }
    }
    return found;
  };
  // Requests are answered one at a time, in order: a formula may need a TeX
  // package that MathJax loads first (tex2chtmlPromise waits for it).
  let queue = Promise.resolve();
  const lines = readline.createInterface({input: process.stdin});
  lines.on('line', (line) => {
    queue = queue.then(async () => {
      let request;
      try {
        request = JSON.parse(line);
      } catch (err) {
        answer({errors: ['not a JSON request: ' + line.slice(0, 80)]});
        return;
      }
      if (request.css) {
        answer({css: adaptor.textContent(MathJax.chtmlStylesheet())});
        return;
      }
      try {
        const node = await MathJax.tex2chtmlPromise(String(request.tex), {display: Boolean(request.display)});
        answer({html: adaptor.outerHTML(node), errors: problems(node)});
      } catch (err) {
        answer({html: '', errors: ['MathJax failed: ' + (err && err.message || err)]});
      }
    });
  });
  lines.on('close', () => queue.then(() => process.exit(0)));
}).catch((err) => {
  process.stderr.write('MathJax did not start: ' + (err && err.stack || err) + '\n');
  process.exit(1);
});
