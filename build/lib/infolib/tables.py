"""Tables of computed values for notebooks: Markdown on the page, plain text for tests."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from numbers import Integral, Real
from typing import Any

__all__ = ["Table"]


class Table:
    """A small table that renders as Markdown in Jupyter and as aligned text elsewhere.

    Parameters
    ----------
    headers : sequence of str
        Column headings.
    rows : iterable of sequences
        One sequence of cells per row, as many cells as headers.
    digits : int, default 4
        Decimal places for floats (integers and strings are shown as they are).

    Raises
    ------
    ValueError
        If a row has the wrong number of cells.

    Examples
    --------
    >>> Table(["event", "bits"], [["coin lands heads", 1.0], ["die shows 6", 2.584962500721156]])
    event              bits
    ----------------  ------
    coin lands heads  1.0000
    die shows 6       2.5850
    """

    def __init__(self, headers: Sequence[str], rows: Iterable[Sequence[Any]], *, digits: int = 4):
        self.headers = [str(h) for h in headers]
        self.rows = [list(r) for r in rows]
        for i, row in enumerate(self.rows):
            if len(row) != len(self.headers):
                raise ValueError(f"row {i} has {len(row)} cells; the table has {len(self.headers)} columns")
        self.digits = digits

    def _cell(self, value: Any) -> str:
        if isinstance(value, bool) or isinstance(value, str):
            return str(value)
        if isinstance(value, Integral):
            return f"{int(value):,}"
        if isinstance(value, Real):
            v = float(value)
            if v in (float("inf"), float("-inf")) or v != v:
                return {float("inf"): "inf", float("-inf"): "-inf"}.get(v, "nan")
            return f"{v:.{self.digits}f}"
        return str(value)

    def _cells(self) -> list[list[str]]:
        return [[self._cell(v) for v in row] for row in self.rows]

    def __repr__(self) -> str:
        cells = self._cells()
        widths = [max([len(h)] + [len(r[j]) for r in cells]) for j, h in enumerate(self.headers)]
        numeric = [all(_is_number(row[j]) for row in self.rows) and self.rows for j in range(len(self.headers))]

        def line(values: list[str]) -> str:
            return "  ".join(
                v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric)
            ).rstrip()

        out = [line(self.headers), "  ".join("-" * w for w in widths)]
        out += [line(r) for r in cells]
        return "\n".join(out)

    def _repr_markdown_(self) -> str:
        cells = self._cells()
        numeric = [all(_is_number(row[j]) for row in self.rows) and self.rows for j in range(len(self.headers))]
        align = ["---:" if num else ":---" for num in numeric]

        def row(values: list[str]) -> str:
            # A literal "|" would end the cell; Markdown spells it "\|".
            return "| " + " | ".join(v.replace("|", "\\|") for v in values) + " |"

        out = [row(self.headers), "| " + " | ".join(align) + " |"]
        out += [row(r) for r in cells]
        return "\n".join(out)


def _is_number(value: Any) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)
