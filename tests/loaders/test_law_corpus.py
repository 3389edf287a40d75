"""Every file of ../shared/laws parses without a crash (skipped when the collection is absent).

Speed is measured in benchmarks/, not here; this test asserts behaviour only.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policygraph.errors import InputError
from policygraph.loaders.law import read_regulation

LAWS = Path(__file__).resolve().parents[2].parent / "shared" / "laws"

pytestmark = pytest.mark.corpus


def test_whole_laws_collection_parses():
    if not LAWS.is_dir():
        pytest.skip(f"the laws collection is not at {LAWS}")
    files = sorted(p for p in LAWS.rglob("*.md") if p.name != "NOTICE.md")
    crashes, rejected = [], []
    articles = without = 0
    for f in files:
        try:
            reg = read_regulation(f)
        except InputError as exc:
            rejected.append((f, exc))
            continue
        except Exception as exc:  # noqa: BLE001 - any other exception is a crash to report
            crashes.append(f"{f}: {exc!r}")
            continue
        n = len(reg.articles())
        articles += n
        without += n == 0
        assert reg.has_articles == (n > 0)
        if articles % 17 == 0:  # a cheap sample of the span contract
            for a in reg.articles():
                assert reg.source.text[a.span.start:a.span.end] == a.text, f
    assert crashes == [], "\n".join(crashes[:10])
    # only the Hugo folder index pages (front matter, no '# Title') are refused, with a clear error
    assert all(f.name == "_index.md" and "Title" in str(exc) for f, exc in rejected)
    report = (f"{len(files)} files, {len(rejected)} refused (_index.md), {articles} articles, "
              f"{without} files without articles")
    print(report)
    assert len(files) > 2900 and articles > 100_000, report
    assert without < 300, report
