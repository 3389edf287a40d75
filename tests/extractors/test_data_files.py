"""Every row of the extraction word lists parses: the right number of columns, and patterns that compile."""

import csv
import re
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "policygraph" / "data"
FILES = ["genres.csv", "tense_cues.csv", "status_markers.csv", "report_words.csv", "responsibility_labels.csv"]
PATTERN_COLUMNS = {"genres.csv": "pattern", "tense_cues.csv": "pattern", "status_markers.csv": "pattern"}


@pytest.mark.parametrize("name", FILES)
def test_rows_have_exactly_the_header_columns_and_patterns_compile(name):
    lines = [ln for ln in (DATA / name).read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    rows = list(csv.DictReader(lines))
    assert rows, name
    for r in rows:
        assert None not in r and None not in r.values(), f"{name}: a row has more or fewer fields than the header: {r}"
        if name in PATTERN_COLUMNS:
            re.compile(r[PATTERN_COLUMNS[name]])


# (file, column whose values name a kind of row): every kind must be read by some module.
KINDS = [("report_words.csv", "kind"), ("tense_cues.csv", "where"), ("genres.csv", "where"),
         ("quantity_words.csv", "role"), ("status_markers.csv", "scope")]


@pytest.mark.parametrize("name,column", KINDS)
def test_every_row_kind_is_read_by_the_code(name, column):
    src = "\n".join(p.read_text(encoding="utf-8") for p in (DATA.parent).rglob("*.py"))
    lines = [ln for ln in (DATA / name).read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    kinds = {r[column] for r in csv.DictReader(lines)}
    unused = sorted(k for k in kinds if f'"{k}"' not in src and f"'{k}'" not in src)
    assert not unused, f"{name}: rows of kind {unused} are read by no module"
