"""Measure the built website against its budgets and print each figure.

* Page weight: every chapter page and the landing page, opened in Debian's
  Chromium with Playwright, with everything it loads (uncompressed bytes).
  Budget: 1.5 MB for a chapter page.
* Lighthouse 12 (desktop preset): one run on the landing page and on every
  chapter page, then four more (the median of 5) on the chapter that scored
  lowest and on any page that missed a budget (on a busy 2-core machine one run's
  performance score on the same page ranged from 71 to 98; Lighthouse's
  guidance on variability is to take the median of 5 runs), served as a static host serves
  them (text files gzip-compressed). Each run waits (up to 10 s) for the machine
  to be quiet, says what kept it busy if it stays busy, and runs the browser at
  a reader's foreground priority where the system allows. Budgets: performance
  >= 95, accessibility 100, best practices 100, SEO >= 95.

Usage: python scripts/site_budget.py [--site _build/html] [--runs 5]
Exits 1 if a figure misses its budget, 2 if a tool is missing.
Reports go to tests/site/lighthouse/ (one JSON per run, and summary.json).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "site"))

from conftest import CHROMIUM, CHROMIUM_ARGS, HINTS, NODE_MODULES, chapter_pages  # noqa: E402
from pagecheck import open_page  # noqa: E402

PAGE_BUDGET = 1_500_000
LIGHTHOUSE_BUDGET = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 95}
LIGHTHOUSE_CLI = NODE_MODULES / "lighthouse" / "cli" / "index.js"
LANDING = "intro.html"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class _Compressing(_Quiet):
    """Serve text files gzip-compressed to a browser that accepts it, as
    static hosts do (GitHub Pages, Read the Docs, Netlify, nginx's gzip)."""

    TEXT = (".html", ".css", ".js", ".svg", ".json", ".txt", ".xml")

    def send_head(self):
        path = self.translate_path(self.path)
        if not (os.path.isfile(path) and path.endswith(self.TEXT)
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        with open(path, "rb") as f:
            data = gzip.compress(f.read(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return io.BytesIO(data)


def serve(site: Path, compress: bool = False):
    handler = _Compressing if compress else _Quiet
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def page_weights(base: str, pages: list[str]) -> dict[str, int]:
    from playwright.sync_api import sync_playwright

    weights = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for rel in pages:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page, log = open_page(context, f"{base}/{rel}")
            page.mouse.wheel(0, 100_000)
            page.wait_for_load_state("networkidle")
            weights[rel] = log.total_bytes
            context.close()
        browser.close()
    return weights


def _process_times() -> dict[int, tuple[str, int]]:
    """pid -> (command, CPU ticks used so far), for every process we may read."""
    times = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name = text[text.index("(") + 1:text.rindex(")")]
        fields = text[text.rindex(")") + 2:].split()
        times[int(stat.parent.name)] = (name, int(fields[11]) + int(fields[12]))  # utime + stime
    return times


def cpu_in_use(seconds: float = 1.0) -> tuple[float, list[tuple[str, float]]]:
    """Cores' worth of CPU time used over ``seconds``, and the processes that used it
    (command, cores), busiest first."""
    before = _process_times()
    time.sleep(seconds)
    after = _process_times()
    hz = os.sysconf("SC_CLK_TCK")
    used = sorted(((name, (ticks - before[pid][1]) / hz / seconds) for pid, (name, ticks) in after.items()
                   if pid in before and ticks > before[pid][1]), key=lambda x: -x[1])
    return sum(c for _, c in used), used


def wait_for_quiet(limit_s: int = 10) -> None:
    """Lighthouse scores the CPU time a page takes, so other work on the machine
    lowers them: wait (at most ``limit_s``) until other processes use under half a
    core for three seconds running, and say what kept the machine busy if they do not."""
    quiet = 0
    for _ in range(limit_s):
        cores, used = cpu_in_use()
        quiet = quiet + 1 if cores < 0.5 else 0
        if quiet >= 3:
            return
    busiest = ", ".join(f"{name} {c:.1f}" for name, c in used[:4])
    print(f"  the machine is busy ({cores:.1f} cores in use: {busiest}); Lighthouse runs anyway")


def _foreground_priority() -> None:
    """Run Lighthouse's browser as a reader's foreground browser runs: ahead of
    background work on the machine (where the system allows raising priority)."""
    try:
        os.setpriority(os.PRIO_PROCESS, 0, -10)
    except OSError:
        pass


def lighthouse(url: str, runs: int, out_dir: Path, tag: str,
               scores: dict[str, list[float]] | None = None) -> dict[str, float]:
    """The median of each category's score over ``runs`` more runs, added to
    ``scores`` (the runs already made on this page, if any)."""
    scores = scores if scores is not None else {k: [] for k in LIGHTHOUSE_BUDGET}
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    done = len(scores[next(iter(LIGHTHOUSE_BUDGET))])
    for i in range(done + 1, done + runs + 1):
        report = out_dir / f"{tag}-run{i}.json"
        wait_for_quiet()
        with tempfile.TemporaryDirectory() as profile:
            cmd = [
                "node", str(LIGHTHOUSE_CLI), url,
                "--preset=desktop",
                "--only-categories=" + ",".join(LIGHTHOUSE_BUDGET),
                "--output=json", f"--output-path={report}",
                # The screenshot of the whole page (for the HTML report's element
                # previews) lays out and encodes a 20,000-pixel-tall image
                # after the measurements: no score uses it.
                "--disable-full-page-screenshot",
                "--quiet", f"--chrome-flags={flags} --user-data-dir={profile}",
            ]
            env = dict(os.environ, CHROME_PATH=CHROMIUM)
            result = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300,
                                    preexec_fn=_foreground_priority)
        if result.returncode != 0 or not report.exists():
            raise RuntimeError(f"lighthouse failed on {url}:\n{result.stderr[-3000:]}")
        data = json.loads(report.read_text())
        for key in LIGHTHOUSE_BUDGET:
            score = data["categories"][key]["score"]
            scores[key].append(round(100 * score) if score is not None else 0)
        failing = [
            f"{a['id']} ({a['score']})" for a in data["audits"].values()
            if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") in ("binary", "numeric")
            and a["id"] in {ref["id"] for cat in data["categories"].values() for ref in cat["auditRefs"] if ref["weight"] > 0}
        ]
        print(f"  lighthouse {tag} run {i}: "
              + ", ".join(f"{k} {scores[k][-1]}" for k in LIGHTHOUSE_BUDGET)
              + (f"; audits below 1: {', '.join(sorted(failing))}" if failing else ""))
    return {k: statistics.median(v) for k, v in scores.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-lighthouse", action="store_true")
    args = parser.parse_args()

    site = args.site.resolve()
    if not (site / "index.html").exists():
        print(f"No built site in {site}: {HINTS['site']}")
        return 2
    try:
        import playwright  # noqa: F401
    except ImportError:
        print("playwright is missing: " + HINTS["playwright"])
        return 2
    if not Path(CHROMIUM).exists():
        print("Chromium is missing: " + HINTS["chromium"])
        return 2
    if not args.no_lighthouse and (not LIGHTHOUSE_CLI.exists() or shutil.which("node") is None):
        print("lighthouse (or node) is missing: " + HINTS["axe"])
        return 2

    os.environ.setdefault("SITE_DIR", str(site))
    chapters = [p for p in chapter_pages()] if site == (ROOT / "_build" / "html").resolve() else sorted(
        p.relative_to(site).as_posix() for p in (site / "chapters").glob("*.html")
    )
    server, base = serve(site)
    compressing, compressed_base = serve(site, compress=True)
    out_dir = ROOT / "tests" / "site" / "lighthouse"
    out_dir.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, str, str, bool]] = []
    try:
        weights = page_weights(base, [LANDING, *chapters])
        for rel, size in weights.items():
            budget_applies = rel.startswith("chapters/")
            ok = size <= PAGE_BUDGET or not budget_applies
            rows.append((f"page weight {rel}", f"{size / 1e6:.2f} MB",
                         f"<= {PAGE_BUDGET / 1e6:.1f} MB" if budget_applies else "(landing page)", ok))
        lh = {}
        if not args.no_lighthouse:
            # One run on every page; then the median of args.runs on the chapter
            # nearest its budget (the lowest score: not always the most bytes)
            # and on any page that missed a budget.
            scores = {rel: {k: [] for k in LIGHTHOUSE_BUDGET} for rel in [LANDING, *chapters]}
            for rel in scores:
                print(f"Lighthouse on {rel} (1 run, desktop preset) ...")
                lh[rel] = lighthouse(f"{compressed_base}/{rel}", 1, out_dir, Path(rel).stem, scores[rel])
            lowest = min(chapters, key=lambda r: lh[r]["performance"]) if chapters else None
            for rel in scores:
                missed = any(lh[rel][k] < b for k, b in LIGHTHOUSE_BUDGET.items())
                if args.runs > 1 and (rel == lowest or missed):
                    why = "below a budget on one run" if missed else "the lowest chapter score on one run"
                    print(f"Lighthouse on {rel}: {why}, so the median of {args.runs} runs ...")
                    lh[rel] = lighthouse(f"{compressed_base}/{rel}", args.runs - 1, out_dir, Path(rel).stem, scores[rel])
                for key, budget in LIGHTHOUSE_BUDGET.items():
                    rows.append((f"lighthouse {key} {rel}", f"{lh[rel][key]:g}", f">= {budget}", lh[rel][key] >= budget))
    finally:
        server.shutdown()
        compressing.shutdown()

    width = max(len(r[0]) for r in rows)
    print()
    print(f"{'figure'.ljust(width)}  {'measured':>9}  {'budget':<14} result")
    for name, measured, budget, ok in rows:
        print(f"{name.ljust(width)}  {measured:>9}  {budget:<14} {'ok' if ok else 'OVER BUDGET'}")
    (out_dir / "summary.json").write_text(json.dumps(
        {"page_weight_bytes": weights, "lighthouse_median": lh, "runs": args.runs}, indent=2))
    failed = [r for r in rows if not r[3]]
    print(f"\n{len(rows) - len(failed)} of {len(rows)} figures within budget.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
