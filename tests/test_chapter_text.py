"""The chapters' text: corrected errors stay corrected, alt text matches its data.

Each test reads the stored notebooks (and the landing page, glossary and notes
on the sources) and pins one correction, so that wrong text cannot come back
unnoticed.
"""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "chapters").glob("0[1-5]_*.ipynb"))
sys.path.insert(0, str(ROOT / "scripts"))

import reading_time  # noqa: E402


def _cells(name: str) -> list[dict]:
    return json.loads((ROOT / "chapters" / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    return "".join(cell["source"])


def _markdown(name: str) -> str:
    return "\n".join(_source(c) for c in _cells(name) if c["cell_type"] == "markdown")


def _figure(name: str, label: str) -> dict:
    for cell in _cells(name):
        mystnb = cell["metadata"].get("mystnb", {})
        if mystnb.get("figure", {}).get("name") == label:
            return cell
    raise AssertionError(f"no figure {label} in {name}")


def _stream_text(cell: dict) -> str:
    return "".join("".join(o["text"]) for o in cell.get("outputs", []) if o.get("output_type") == "stream")


def _table_text(cell: dict) -> str:
    for o in cell.get("outputs", []):
        if "data" in o and "text/plain" in o["data"]:
            return "".join(o["data"]["text/plain"])
    raise AssertionError("cell has no table output")


def _all_text() -> dict[str, str]:
    texts = {p.stem: "\n".join(_source(c) for c in json.loads(p.read_text(encoding="utf-8"))["cells"]) for p in CHAPTERS}
    for page in ["intro.md", "glossary.md", "sources.md"]:
        texts[page] = (ROOT / page).read_text(encoding="utf-8")
    return texts


CH1, CH2, CH3, CH4, CH5 = (p.stem for p in CHAPTERS)


# ---- the notes on the sources -------------------------------------------------


@pytest.mark.parametrize("wrong", ["Document 1", "Document 2", "first document", "A note on the source"])
def test_sources_are_named_so_readers_can_look_them_up(wrong):
    for name, text in _all_text().items():
        assert wrong.lower() not in text.lower(), f"{name} still says {wrong!r}"


def test_notes_on_the_sources_live_on_the_sources_page_and_each_chapter_links_there_once_at_most():
    labels = set(re.findall(r"^\((sources-[a-z-]+)\)=$", (ROOT / "sources.md").read_text(encoding="utf-8"), re.M))
    assert len(labels) >= 16
    for path in sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb")):
        text = "\n".join(_source(c) for c in _cells(path.stem) if c["cell_type"] == "markdown")
        assert not re.search(r"\{admonition\}[^\n]*notes? on the sources", text, re.I), f"{path.stem} has a box"
        links = len(re.findall(r"\{doc\}`\.\./sources`|\{ref\}`sources-[a-z-]+`|\(\.\./sources\.md", text))
        assert links <= 1, f"{path.stem} links to the notes on the sources {links} times"


def test_each_note_on_the_sources_page_quotes_the_sentence_it_corrects():
    text = (ROOT / "sources.md").read_text(encoding="utf-8")
    corrections, conventions = text.split("\n## Conventions of the textbooks\n")
    notes = re.split(r"^\(sources-[a-z-]+\)=$", corrections, flags=re.M)[1:]
    for note in notes:
        quote = "\n".join(line for line in note.splitlines() if line.startswith("> "))
        assert re.search(r'"[^"]{10,}', quote), f"note without a quoted sentence: {note[:80]!r}"
        assert "(the blog post" in quote or "(the lecture notes" in quote, f"note that does not say whose words: {note[:80]!r}"
    # the last part notes where a cited textbook numbers things differently: it names the book and
    # its chapter, and it corrects nothing
    assert "they correct nothing" in conventions.split("(sources-", 1)[0]
    notes = re.split(r"^\(sources-[a-z-]+\)=$", conventions, flags=re.M)[1:]
    assert notes
    for note in notes:
        assert re.search(r"\{cite:t\}`[a-z0-9]+` \((Chapter|Section) [0-9.]+\)", note), f"note without its book: {note[:80]!r}"


def test_sources_page_is_in_the_reference_part():
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    assert toc.index("- file: sources") > toc.index("caption: Reference")


# ---- chapter 1 ----------------------------------------------------------------------


def test_information_content_is_defined_for_an_outcome_and_for_an_event():
    text = _markdown(CH1)
    assert "Let $x$ be an event" not in text
    assert "Let $x$ be an outcome with probability $p(x) > 0$" in text
    assert "$I(A) = -\\log_b P(A)$" in text


def test_hartley_in_bits_points_at_the_in_bits_column():
    text = _markdown(CH1)
    assert "first column of the table's last row" not in text
    assert '"in bits" column of the table\'s last row' in text


def test_candidates_alt_text_states_the_fraction_below_the_diagonal_of_the_plotted_sample():
    cell = _figure(CH1, "ch1-fig-candidates")
    code = _source(cell)
    seed = int(re.search(r"default_rng\((\d+)\)", code).group(1))
    low, high, n = re.search(r"uniform\(([\d.]+), ([\d.]+), size=\(2, (\d+)\)\)", code).groups()
    p, q = np.random.default_rng(seed).uniform(float(low), float(high), size=(2, int(n)))
    below = 1 / (p * q) < 1 / p + 1 / q  # f = 1/p: f(pq) below f(p) + f(q)
    np.testing.assert_array_equal(below, p + q > 1)
    alt = cell["metadata"]["mystnb"]["image"]["alt"]
    share = round(100 * below.mean())
    assert f"{share}% of the points (the pairs with p + q > 1) lie below the diagonal" in alt
    assert f"other {100 - share}% (p + q < 1)" in alt
    assert "most points lie above" not in alt
    assert f"for 1/p: {share}%" in "".join(_stream_text(c) for c in _cells(CH1))


def test_candidates_figure_draws_one_over_p_on_logarithmic_axes():
    code = _source(_figure(CH1, "ch1-fig-candidates"))
    assert 'axes[0].set_xscale("log")' in code and 'axes[0].set_yscale("log")' in code


# ---- chapter 2 ----------------------------------------------------------------------


def test_rms_table_shows_monte_carlo_error_for_the_number_of_runs_in_the_text():
    cells = _cells(CH2)
    code_cell = next(c for c in cells if "def rms_error" in _source(c))
    runs = int(re.search(r"runs = ([\d_]+)", _source(code_cell)).group(1).replace("_", ""))
    table = _table_text(code_cell)
    assert table.count("±") == 6
    text = _markdown(CH2)
    assert f"repeat the experiment {runs:,} times" in text
    figure = _figure(CH2, "ch2-fig-convergence")
    assert f"{runs:,} runs" in figure["metadata"]["mystnb"]["figure"]["caption"]
    assert f"{runs:,} runs" in figure["metadata"]["mystnb"]["image"]["alt"]


def test_rms_text_matches_the_gap_in_standard_errors():
    out = "".join(_stream_text(c) for c in _cells(CH2))
    at_100 = float(re.search(r"N = 100: I\(C\) is ([\d.]+) standard errors above", out).group(1))
    largest = [float(x) for x in re.search(r"largest gap ([\d.]+) \(C\), ([\d.]+) \(B\)", out).groups()]
    assert at_100 > 3, "the text says the error at N = 100 is clearly larger than predicted"
    assert max(largest) < 2, "the text says they agree within two standard errors from N = 1,000 on"
    assert "agree to within two Monte Carlo standard\nerrors" in _markdown(CH2)


def test_enumeration_of_all_events_is_optional_and_the_delta_method_folded():
    text = _markdown(CH2)
    assert "## All 64 events (optional)" in text
    assert "```{admonition} Where the prediction comes from (optional)\n:class: dropdown" in text


# ---- chapter 3 ----------------------------------------------------------------------


def test_entropy_is_a_lower_bound_not_the_least_length_of_a_prefix_code():
    glossary = (ROOT / "glossary.md").read_text(encoding="utf-8")
    assert "least average number of bits per\n  symbol that any prefix code" not in glossary
    assert "lower bound on the average number of" in glossary
    text = _markdown(CH3) + (ROOT / "sources.md").read_text(encoding="utf-8")
    assert "it is the least average\nnumber of bits per symbol" not in text
    assert "It is a lower bound on the average number of\nbits per symbol" in text


def test_no_symbol_is_said_to_have_an_entropy():
    assert "shorter than its entropy" not in _markdown(CH3)


def test_huffman_length_is_printed_not_named():
    cells = _cells(CH3)
    assert "`average_length` bits per roll" not in _markdown(CH3)
    assert re.search(r"expected length of the code: \d\.\d\d bits per roll", "".join(_stream_text(c) for c in cells))


def test_miller_madow_estimate_above_the_maximum_is_explained():
    out = "".join(_stream_text(c) for c in _cells(CH3))
    estimate = float(re.search(r"Miller-Madow estimate: ([\d.]+) bits", out).group(1))
    maximum = float(re.search(r"largest possible: +([\d.]+) bits", out).group(1))
    assert maximum == pytest.approx(math.log2(6), abs=1e-4)
    if estimate > maximum:
        assert "The Miller-Madow estimate is even above\n$\\log_2 6$" in _markdown(CH3)


@pytest.mark.parametrize("label", ["ch3-thm-kraft", "ch3-thm-mcmillan", "ch3-thm-huffman", "ch3-thm-aep"])
def test_coding_theorems_are_proved(label):
    text = _markdown(CH3)
    start = text.index(f":label: {label}")
    after = text[start:]
    assert after.index("```{prf:proof}") < after.index("```{prf:theorem}") if "```{prf:theorem}" in after else "```{prf:proof}" in after


def test_aep_alt_text_matches_the_table():
    cells = _cells(CH3)
    table = _table_text(next(c for c in cells if "log2_choose" in _source(c)))
    rows = [line.split() for line in table.splitlines()[2:]]
    n = [int(r[0].replace(",", "")) for r in rows]
    exact = [float(r[2]) for r in rows]
    per_toss = [float(r[3]) for r in rows]
    alt = _figure(CH3, "ch3-fig-aep")["metadata"]["mystnb"]["image"]["alt"]

    def stated(pattern):
        return float(re.search(pattern, alt).group(1))

    assert stated(rf"from about ([\d.]+) at n = {n[0]} to") == pytest.approx(exact[0], abs=0.006)
    assert stated(rf"to about ([\d.]+) at n = {n[1]}") == pytest.approx(exact[1], abs=0.006)
    assert exact[-1] > 0.99 and f"above 0.99 at n = {n[-1]}" in alt
    assert stated(rf"rising from about ([\d.]+) at n = {n[0]}") == pytest.approx(per_toss[0], abs=0.006)
    assert all(abs(b - 0.55) < 0.02 for b in per_toss[-3:])
    assert all(b < 0.469 + 0.1 for b in per_toss)


# ---- chapter 3, second reading: coding theorems, estimators, notes on the sources ----


def _ch3_cell(needle: str) -> dict:
    return next(c for c in _cells(CH3) if c["cell_type"] == "code" and needle in _source(c))


def _ch3_rows(needle: str) -> list[list[str]]:
    return [line.split() for line in _table_text(_ch3_cell(needle)).splitlines()[2:]]


def test_entropy_bound_is_claimed_for_uniquely_decodable_codes_only():
    # a code that is not uniquely decodable can beat the entropy (the chapter shows one)
    text = _markdown(CH3)
    assert "No code that can be decoded uses fewer bits" not in text
    assert "No uniquely decodable code uses fewer bits" in text
    assert "Why can no code for the loaded die" not in text
    assert "Why can no uniquely decodable code for the loaded die" in text
    solution = text[text.index("```{solution} ch3-ex-dyadic"):]
    solution = solution[: solution.index("```{exercise}")]
    assert "{prf:ref}`ch3-thm-mcmillan`" in solution


def test_kraft_converse_proof_rules_out_both_prefix_directions():
    text = _markdown(CH3)
    proof = text[text.index(":label: ch3-thm-kraft"):text.index(":label: ch3-thm-mcmillan")]
    assert "so codeword $j$ does not begin with codeword $i$" in proof
    assert "Nor does codeword $i$ begin with codeword $j$" in proof


def test_miller_expansion_needs_every_outcome_seen_many_times():
    text = _markdown(CH3)
    assert "for $N$ large compared with\n$m$, the bias is about" not in text
    assert "($N p(x) \\gg 1$ for every $x$)" in text
    assert "$N \\gg m$ is not enough: an outcome of probability\n$10^{-6}$" in text
    # the counterexample is true: two outcomes, one of probability 1e-6, N = 100 >> m = 2
    N, p = 100, np.array([1 - 1e-6, 1e-6])
    k = np.arange(N + 1)
    pmf = np.array([math.comb(N, int(j)) for j in k], dtype=float) * p[1] ** k * p[0] ** (N - k)
    freq = np.stack([1 - k / N, k / N], axis=1)
    plugin = -np.sum(np.where(freq > 0, freq * np.log(np.where(freq > 0, freq, 1)), 0.0), axis=1)
    bias = pmf @ plugin - float(-np.sum(p * np.log(p)))
    assert abs(bias) < 0.01 * (2 - 1) / (2 * N)  # under 1% of Miller's (m - 1) / (2N)


def test_chapter_3_notes_quote_words_the_sources_use():
    page = (ROOT / "sources.md").read_text(encoding="utf-8")
    note = page[page.index("## Chapter 3") : page.index("## Chapters 4 and 5")]
    assert "It explains entropy as" not in note  # the blog post says it of compression, not of entropy
    assert 'Both sum over "events"' not in note  # the lecture notes sum over possible values
    assert len(re.findall(r"^> ", note, re.M)) >= 4
    assert "but the notes do not\nsay what $n$ is" in (ROOT / "sources.md").read_text(encoding="utf-8")


def test_alphabet_size_in_the_block_code_argument_is_defined():
    text = _markdown(CH3)
    assert text.count("|\\mathcal{X}|") >= 1
    first = text.index("|\\mathcal{X}|")
    assert "where $|\\mathcal{X}|$ is\nthe number of possible values of one symbol" in text[first:first + 200]


def test_shannon_is_credited_with_a_bound_that_block_codes_approach_not_attain():
    text = _markdown(CH3)
    assert "the entropy is the least number of bits per\nsymbol at which a source can be coded" not in text
    assert "showed that no lossless code uses fewer bits per symbol\non average than the entropy" in text

def test_huffman_bound_excludes_a_certain_outcome_which_costs_one_bit():
    import infolib as il

    text = _markdown(CH3)
    theorem = text[text.index(":label: ch3-thm-source-coding"):]
    theorem = theorem[: theorem.index("```")]
    assert "If $X$ has at least\ntwo values of positive probability, there is a prefix code with the **Shannon code lengths**" in theorem
    assert "as `il.HuffmanCode` does for a single outcome, has\n$L = 1 = H(X) + 1$" in text
    certain = il.Distribution({"a": 1.0})
    assert il.entropy(certain) == 0
    assert il.HuffmanCode.from_distribution(certain).average_length == 1

def test_summary_separates_the_probability_of_typicality_from_that_of_a_sequence():
    text = _markdown(CH3)
    assert "long sequences are typical, with probability close to $2^{-nH}$" not in text
    assert "is typical\n  with probability close to 1, and each typical sequence has probability within a factor $2^{\\pm n \\varepsilon}$ of $2^{-nH}$" in text


def test_glossary_calls_a_huffman_code_one_of_the_optimal_codes():
    glossary = (ROOT / "glossary.md").read_text(encoding="utf-8")
    assert "The prefix code with the shortest expected length" not in glossary
    assert "A prefix code with the shortest expected length" in glossary


def test_aep_alt_text_names_the_colour_the_samples_are_drawn_in():
    cell = _figure(CH3, "ch3-fig-aep")
    assert 'ax_p.plot(lengths, sampled, "o", color=PALETTE["vermillion"]' in _source(cell)
    alt = cell["metadata"]["mystnb"]["image"]["alt"]
    assert "orange dots" not in alt and "red dots" in alt


def test_aep_shortest_sequences_have_fewer_than_2_to_the_n_h_minus_eps_typical_sequences():
    rows = _ch3_rows("log2_choose")
    h = -(0.9 * math.log2(0.9) + 0.1 * math.log2(0.1))
    assert "(For $n = 10$ the count is even\nbelow $2^{n(H - \\varepsilon)}$" in _markdown(CH3)
    assert float(rows[0][3]) < h - 0.1 < float(rows[1][3])


def test_block_code_alt_text_and_band_match_the_table():
    rows = _ch3_rows("block_code = il.HuffmanCode")
    shannon = {int(r[0]): float(r[2]) for r in rows}
    per_toss = {int(r[0]): float(r[3]) for r in rows}
    h = -(0.9 * math.log2(0.9) + 0.1 * math.log2(0.1))
    # the Shannon code is in the band by the source coding theorem, the Huffman code below it by optimality
    for k in shannon:
        lengths = [math.ceil(-math.log2(0.9 ** (k - j) * 0.1**j)) for j in range(k + 1)]
        exact = sum(math.comb(k, j) * 0.9 ** (k - j) * 0.1**j * ell for j, ell in enumerate(lengths)) / k
        assert shannon[k] == pytest.approx(exact, abs=5e-5)
        assert h <= per_toss[k] <= shannon[k] < h + 1 / k
    alt = _figure(CH3, "ch3-fig-blocks")["metadata"]["mystnb"]["image"]["alt"]
    shannon_alt = alt[alt.index("The Shannon code") : alt.index("The Huffman code")]
    huffman_alt = alt[alt.index("The Huffman code") :]
    assert f"starts at {shannon[1]:.1f} bits for k = 1" in shannon_alt
    assert f"falls to {shannon[2]:.2f} at k = 2 and {shannon[3]:.2f} at k = 3" in shannon_alt
    later = [shannon[k] for k in range(4, 9)]
    assert f"wavers between {min(later):.2f} and {max(later):.2f}" in shannon_alt
    assert float(re.search(r"about ([\d.]+) at k = 2", huffman_alt).group(1)) == pytest.approx(per_toss[2], abs=0.006)
    assert float(re.search(r"and ([\d.]+) at k = 3", huffman_alt).group(1)) == pytest.approx(per_toss[3], abs=0.006)
    assert "Neither curve is monotone" in _markdown(CH3)
    assert any(per_toss[k + 1] > per_toss[k] for k in range(1, 8))
    assert any(shannon[k + 1] > shannon[k] for k in range(1, 8))


def test_estimator_text_and_alt_text_match_the_table():
    rows = _ch3_rows("se_mm = madow")
    table = {int(r[0].replace(",", "")): [float(x) for x in r[1:]] for r in rows}
    # columns: mean plug-in, bias plug-in, mean Miller-Madow, bias Miller-Madow, standard error
    assert "From $N = 50$ on, the Miller-Madow bias in the table lies within three\nstandard errors of zero" in _markdown(CH3)
    assert all(abs(b_mm) <= 3 * se for n, (_, _, _, b_mm, se) in table.items() if n >= 50)
    alt = _figure(CH3, "ch3-fig-estimators")["metadata"]["mystnb"]["image"]["alt"]
    assert float(re.search(r"about ([\d.]+) bits at N = 5", alt).group(1)) == pytest.approx(table[5][0], abs=0.05)
    assert float(re.search(r"starts higher, about ([\d.]+) bits", alt).group(1)) == pytest.approx(table[5][2], abs=0.05)
    assert "close to the line from about N = 20 on" in alt
    assert all(abs(row[3]) < 0.05 for n, row in table.items() if n >= 20)


def test_loaded_die_sample_average_agrees_to_about_two_decimals():
    row = next(r for r in _ch3_rows("sample_mean = float") if r[:2] == ["loaded", "die"])
    assert "agrees to about two decimal\nplaces" in _markdown(CH3)
    assert abs(float(row[-1]) - float(row[2])) < 0.005


# ---- chapters 4 and 5: direction and duplication -----------------------------------


@pytest.mark.parametrize("wrong", ["of $q$ from $p$", "of q from p", "KL from the data", "KL divergence from the", "divergence from the data"])
def test_divergence_is_read_one_way_everywhere(wrong):
    for name, text in _all_text().items():
        assert wrong not in text, f"{name} reads the divergence the other way: {wrong!r}"


def test_no_chapter_reads_the_divergence_from_one_argument_to_the_other():
    for path in sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = json.dumps([[_source(c), c["metadata"]] for c in cells])
        found = re.findall(r"divergence from \S+ to ", text)
        assert not found, f"{path.stem}: {found} (read D(p || q) as the divergence of p from q)"


def test_divergence_reading_is_defined_in_chapter_3_and_the_glossary():
    assert "**relative entropy**) of $p$ from $q$ is" in _markdown("03_entropy")
    assert '"the divergence of $p$ from $q$"' in (ROOT / "glossary.md").read_text(encoding="utf-8")
    assert "divergence of $p$ from $q$" in (ROOT / "intro.md").read_text(encoding="utf-8")


def test_decomposition_and_gibbs_are_each_proved_once():
    texts = [_markdown(p.stem) for p in CHAPTERS]
    assert sum(t.count("{prf:theorem} Cross-entropy decomposes") for t in texts) == 1
    assert sum(t.count("{prf:theorem} Gibbs' inequality") for t in texts) == 1
    assert "ch5-thm-decomposition" not in "".join(texts)
    assert "ch4-ex-proof" not in "".join(texts)


# ---- every chapter ------------------------------------------------------------------


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_printed_output_ends_with_a_newline(path):
    # A kernel may send one print's text in several stream messages; the site merges
    # consecutive ones (nb_merge_streams in _config.yml), so each merged run is a block.
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        blocks: list[list[str]] = []
        previous = None
        for out in cell.get("outputs", []):
            name = out.get("name") if out.get("output_type") == "stream" else None
            if name is not None and name == previous:
                blocks[-1].append("".join(out["text"]))
            elif name is not None:
                blocks.append(["".join(out["text"])])
            previous = name
        for block in blocks:
            text = "".join(block)
            assert text.endswith("\n"), f"{path.stem}: output runs into the next block: {text[-60:]!r}"
            assert text.strip(), f"{path.stem}: an empty output block"


_STATIC_VIEW = ("on the course website and when you run the notebook; "
                "a static view of the notebook shows only the table of the starting values.")


@pytest.mark.parametrize("path", sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb")), ids=lambda p: p.stem)
def test_explorables_say_where_their_sliders_work_and_the_static_view_is_that_table(path):
    # A static view (GitHub, nbviewer, a notebook opened without running it) shows an
    # explorable's text/plain fallback: the table of its starting values, not the sliders.
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    explorables = [i for i, c in enumerate(cells)
                   if c["cell_type"] == "markdown" and "explorable" in c["metadata"].get("tags", [])]
    for n, i in enumerate(explorables):
        text = " ".join(_source(cells[i]).split())
        widget = next(c for c in cells[i + 1 :] if c["cell_type"] == "code")["outputs"][0]["data"]
        sliders = len(re.findall(r'<input type="range"', "".join(widget["text/html"])))
        assert sliders >= 1, f"{path.stem}: the explorable after cell {i} has no slider"
        table = "".join(widget["text/plain"]).splitlines()
        assert table[0].split() == ["quantity", "value"] and set(table[1]) == {"-", " "}, path.stem
        if n == 0:
            subject = "The slider works" if sliders == 1 else "The sliders work"
            assert text.endswith(f"{subject} {_STATIC_VIEW}"), f"{path.stem}: {text[-120:]!r}"
        else:
            assert text.endswith("As above, the sliders need the website or a running notebook."), path.stem


def test_optional_sections_are_marked_and_the_marker_explained():
    assert "Sections whose heading ends in **(optional)**" in (ROOT / "intro.md").read_text(encoding="utf-8")
    marked = {
        CH2: "## All 64 events (optional)",
        CH3: "## Entropy from samples (optional)",
        CH5: "### A symmetric, bounded alternative (optional)",
    }
    for name, heading in marked.items():
        assert heading in _markdown(name)
    # chapter 4's definition and its arithmetic-coding section use the numbers and climates of
    # "Whole bits and ideal code lengths", so that section is required reading
    assert "### Whole bits and ideal code lengths\n" in _markdown(CH4)
    assert "### Why Huffman's code is optimal (optional)" in _markdown(CH3)


def test_start_here_page_states_the_reading_times_the_word_counts_give():
    page = (ROOT / "start_here.md").read_text(encoding="utf-8")
    assert reading_time.block() in page, "run: python scripts/reading_time.py --write"


# ---- review of chapters 1, 2, 4, 5, the glossary and the notes on the sources -------


def _run_cells(name: str, *markers: str) -> dict:
    """Run the code cells of a chapter that contain the markers, in order, and return their namespace."""
    import contextlib
    import io

    import infolib as il

    namespace = {"np": np, "il": il, "math": math}
    for marker in markers:
        cell = next(c for c in _cells(name) if c["cell_type"] == "code" and marker in _source(c))
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(_source(cell), f"{name}:{marker}", "exec"), namespace)
    return namespace


def _alt(name: str, label: str) -> str:
    return _figure(name, label)["metadata"]["mystnb"]["image"]["alt"]


def _caption(name: str, label: str) -> str:
    return _figure(name, label)["metadata"]["mystnb"]["figure"]["caption"]


def _squash(text: str) -> str:
    # compare quotes whatever their line breaks, block-quote markers, spacing and bold
    return re.sub(r"\s+|\*\*", "", re.sub(r"\n>", " ", text))


def test_chapter_notes_quote_the_sources_as_the_sources_page_does():
    page = _squash((ROOT / "sources.md").read_text(encoding="utf-8"))
    for path in CHAPTERS:
        for block in re.findall(r"```\{admonition\} Notes? on the sources.*?\n```", _markdown(path.stem), re.S):
            for quote in re.findall(r'"([^"]{10,})"', block):
                assert _squash(quote) in page, f"{path.stem} quotes {quote!r}, which the sources page does not"


def test_note_on_distance_says_what_the_lecture_notes_ask_for():
    # the lecture notes ask for a "distance" in their opening sentence and then offer
    # cross-entropy and KL divergence; they never call KL divergence a distance
    page = (ROOT / "sources.md").read_text(encoding="utf-8")
    assert 'introduce KL divergence as a "distance"' not in _markdown(CH5) + page
    assert '"some concept of the **distance** between probability distributions is often required"' in page


def test_asymmetry_caption_reads_the_divergence_of_p_from_q():
    caption = _caption(CH5, "ch5-fig-asymmetry")
    assert "measured from a fair coin" not in caption
    assert "the divergence of a fair coin from a coin with θ near 0 or 1 grows without bound" in caption
    assert "the divergence of that coin from the fair coin never exceeds 1 bit" in caption
    theta = np.linspace(0.005, 0.995, 199)
    fair_from_coin = -1 - 0.5 * np.log2(theta * (1 - theta))  # D(fair || coin θ), closed form
    coin_from_fair = 1 + theta * np.log2(theta) + (1 - theta) * np.log2(1 - theta)  # D(coin θ || fair)
    assert fair_from_coin.max() > 2.5 and coin_from_fair.max() < 1


def test_asymmetry_alt_text_numbers_are_those_of_the_closed_forms():
    alt = _alt(CH5, "ch5-fig-asymmetry")
    crossing = (1 - math.sqrt(1 - 4 / 16)) / 2  # D(fair || coin θ) = 1 bit when θ(1 - θ) = 1/16
    assert f"near θ = {crossing:.2f} and θ = {1 - crossing:.2f}" in alt
    end = 0.005
    assert f"about {-1 - 0.5 * math.log2(end * (1 - end)):.1f} bits at the ends" in alt
    assert 1 + end * math.log2(end) + (1 - end) * math.log2(1 - end) < 1, "the dashed curve stays below 1 bit"


def test_glossary_reads_every_divergence_of_one_argument_from_the_other():
    for name, text in _all_text().items():
        found = re.findall(r"divergence from [^.;]{1,60}? to ", text)
        assert not found, f"{name}: {found} (read D(p || q) as the divergence of p from q)"
    glossary = (ROOT / "glossary.md").read_text(encoding="utf-8")
    assert "of $q(z \\mid x)$ from the prior" in glossary


def test_glossary_does_not_call_a_huffman_code_the_unique_optimal_code():
    glossary = (ROOT / "glossary.md").read_text(encoding="utf-8")
    assert "The prefix code with the shortest expected length" not in glossary


def test_no_cell_re_checks_the_decomposition_or_gibbs_on_random_pairs():
    # both are proved (chapters 3 and 4); a numerical re-check of a proved identity teaches nothing
    out = "".join(_stream_text(c) for c in _cells(CH5))
    code = "".join(_source(c) for c in _cells(CH5) if c["cell_type"] == "code")
    assert "largest |H" not in out and "negative D(p || q)" not in code
    assert "largest D(p || p)" not in out and "largest |log-lik." not in out


def test_gibbs_summary_credits_cover_and_thomas_with_the_statement_not_the_proof():
    text = _markdown(CH5)
    assert "it follows from $\\ln t \\le t - 1$ {cite:p}`cover2006elements`" not in text
    assert "where it is proved with\nJensen's inequality, as in {doc}`03_entropy`" in text
    assert "({prf:ref}`ch3-thm-gibbs`)" in text


def test_skewed_codes_cost_least_when_eps_is_the_average_rare_probability():
    ns = _run_cells(CH4, 'sunny = {"sun"')
    sunny, il = ns["sunny"], ns["il"]
    eps = np.linspace(1e-4, 0.3, 30_000)
    rest = 1 - sunny["sun"]
    cost = -sunny["sun"] * np.log2(1 - 3 * eps) - rest * np.log2(eps)  # H(p, q_eps), closed form
    best = (1 - sunny["sun"]) / 3
    assert eps[np.argmin(cost)] == pytest.approx(best, abs=1e-4)
    q = {"sun": 1 - 3 * best, "cloud": best, "rain": best, "snow": best}
    assert il.cross_entropy(sunny, q) == pytest.approx(cost.min(), abs=1e-6)
    text = _markdown(CH4)
    assert "As $\\varepsilon$ shrinks, the cost grows without bound" not in text
    assert "gives $3\\varepsilon = 0.1$" in text and f"$\\varepsilon = 1/{round(1 / best)}$ (the second row)" in text
    cell = next(c for c in _cells(CH4) if 'sunny = {"sun"' in _source(c))
    rows = [line.split() for line in _table_text(cell).splitlines() if line.startswith("only sun")]
    assert rows[1][4] == f"{best:.3g}"
    divergences = [float(r[-1]) for r in rows]
    assert divergences[1] == min(divergences)


def test_huffman_versus_ideal_lengths_sentence_matches_the_table():
    cell = next(c for c in _cells(CH4) if "shannon = np.ceil(ideal)" in _source(c))
    table = {line.split()[0]: line.split()[1:] for line in _table_text(cell).splitlines()[2:]}
    text = _markdown(CH4)
    for weather, phrase in [("sun", "`sun` gets {h} bit instead of {i:.2f}"),
                            ("rain", "`rain` gets {h} bits instead of {i:.2f}"),
                            ("snow", "`snow` {h} instead of {i:.2f}")]:
        ideal, huffman = float(table[weather][2]), int(table[weather][4])
        assert phrase.format(h=huffman, i=ideal) in text


def test_coin_cross_entropy_alt_text_numbers_are_those_of_the_closed_forms():
    alt = _alt(CH4, "ch4-fig-coin")
    p = 0.3

    def h_qp(theta):  # H_ce(q_theta, p): a straight line in theta
        return -theta * math.log2(p) - (1 - theta) * math.log2(1 - p)

    def h_pq(theta):  # H_ce(p, q_theta)
        return -p * math.log2(theta) - (1 - p) * math.log2(1 - theta)

    assert f"about {h_qp(0.01):.1f} bits at θ = 0.01 to about {h_qp(0.99):.1f} bits at θ = 0.99" in alt
    assert f"H(p), about {h_pq(p):.2f} bits" in alt
    assert h_pq(0.7) == pytest.approx(h_qp(0.7)) and "at θ = 0.3 and again at θ = 0.7" in alt


def test_training_loss_and_regions_alt_text_match_the_training_run():
    ns = _run_cells(CH4, "def make_blobs", "learning_rate = 0.5")
    losses, X, W, b, y = (np.array(ns["losses"]), ns["X"], ns["W"], ns["b"], ns["y"])
    alt = _alt(CH4, "ch4-fig-loss")
    assert losses[0] == pytest.approx(math.log(3))
    assert (losses[0] - losses[20]) / (losses[0] - losses[-1]) > 0.9, "most of the fall by step 20"
    assert "first 20 or so steps" in alt and f"about {losses[-1]:.2f} nats" in alt
    regions = _alt(CH4, "ch4-fig-regions")
    width, height = X.max(axis=0) - X.min(axis=0)
    assert abs(width / height - 1) > 0.05 and "square region" not in regions, "the plotted region is not square"
    assert f"The {len(X)} training points" in regions
    wrong = int((np.argmax(X @ W + b, axis=1) != y).sum())
    assert 0 < wrong < 0.1 * len(X), "a few points fall on the wrong side"


def test_rare_event_count_and_error_ratio_match_the_simulation():
    text = _markdown(CH2)
    cell = next(c for c in _cells(CH2) if "def rms_error" in _source(c))
    first_n = int(re.search(r"np\.geomspace\((\d+),", _source(cell)).group(1))
    assert f"$C$ has then been\nseen only about {round(first_n / 6)} times" in text
    ratios = []
    for line in _table_text(cell).splitlines()[2:]:
        cols = line.replace("±", " ").split()
        ratios.append(float(cols[4]) / float(cols[1]))
    assert all(2 < r < 3 for r in ratios)
    assert "C's error two to three times B's" in _alt(CH2, "ch2-fig-convergence")
