#!/usr/bin/env python3
"""Regenerate ``policygraph/data/national_laws.csv`` from the law texts in ``../shared/laws``.

    python scripts/build_laws_table.py                  # writes the table
    python scripts/build_laws_table.py --check          # says whether the table is up to date

One row per national law, administrative regulation or department rule: the full title (the
file's ``# `` line), the short title a text may use without 中华人民共和国, the type its last word
gives, the issuer and the category folder. The issuer of a law is the body that first adopted it
(the earliest version's first information line that says 通过: 全国人民代表大会 or its standing
committee); of an administrative regulation the State Council; of a department rule the
department its folder names. Laws newer than the corpus are kept by hand in
``policygraph/data/national_laws_extra.csv`` (same columns) and merged in; a title present in both
keeps the corpus row.

Local regulations (``DLC/``), judicial interpretations, cases and guides are not national laws
and are left out.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from policygraph.extractors.documents import doc_type  # noqa: E402

LAWS = ROOT.parent / "shared" / "laws"
OUT = ROOT / "policygraph" / "data" / "national_laws.csv"
EXTRA = ROOT / "policygraph" / "data" / "national_laws_extra.csv"
CATEGORIES = ["宪法", "宪法相关法", "民法典", "民法商法", "行政法", "经济法", "社会法", "刑法",
              "诉讼与非诉讼程序法", "行政法规", "部门规章"]
# folder names of 部门规章 -> the department's full name
DEPARTMENTS = {"市场监督管理总局": "国家市场监督管理总局", "人力资源社会保障部": "人力资源和社会保障部",
               "公安部": "公安部", "国家安全部": "国家安全部"}
COLUMNS = ["title", "short_title", "doc_type", "issuer", "level", "category"]
DATED = re.compile(r"\((\d{4}-\d{2}-\d{2})\)\.md$")


def _title_and_info(path: Path) -> tuple[str | None, list[str]]:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    title = next((ln[2:].strip() for ln in lines if ln.startswith("# ")), None)
    info = []
    for ln in lines:
        if "INFO END" in ln:
            break
        if ln.strip() and not ln.startswith("#"):
            info.append(ln.strip())
    return title, info


def _law_issuer(info: list[str]) -> str | None:
    # the adopting line; some files break 通过 onto a later line, then the first line names the session
    adopted = next((ln for ln in info if "通过" in ln), info[0] if info else "")
    if "全国人民代表大会常务委员会" in adopted:
        return "全国人民代表大会常务委员会"
    if "全国人民代表大会" in adopted:
        return "全国人民代表大会"
    return None


def corpus_rows(laws: Path) -> list[dict]:
    found: dict[str, tuple[str, dict]] = {}  # title -> (date of the version read, row)
    for cat in CATEGORIES:
        for path in sorted((laws / cat).rglob("*.md")):
            if path.name == "_index.md":
                continue
            title, info = _title_and_info(path)
            if not title:
                continue
            m = DATED.search(path.name)
            date = m.group(1) if m else "9999"
            if cat == "行政法规":
                issuer = "国务院"
            elif cat == "部门规章":
                issuer = DEPARTMENTS.get(path.parent.name, path.parent.name)
            else:
                issuer = _law_issuer(info)
            short = title[len("中华人民共和国"):] if title.startswith("中华人民共和国") else ""
            row = {"title": title, "short_title": short, "doc_type": doc_type(title) or "",
                   "issuer": issuer or "", "level": "national", "category": cat}
            if title not in found or date < found[title][0]:  # the earliest version names the adopter
                found[title] = (date, row)
    return [row for _, row in found.values()]


def build(laws: Path = LAWS, extra: Path = EXTRA) -> str:
    rows = {r["title"]: r for r in corpus_rows(laws)}
    if extra.exists():
        with open(extra, encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(ln for ln in fh if not ln.startswith("#")):
                rows.setdefault(r["title"], {c: r.get(c, "") for c in COLUMNS})
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    for title in sorted(rows):
        w.writerow(rows[title])
    return buf.getvalue()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="only say whether the table is up to date")
    a = ap.parse_args(argv)
    if not LAWS.exists():
        print(f"law texts not found at {LAWS}", file=sys.stderr)
        return 1
    text = build()
    if a.check:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print("national_laws.csv is up to date" if same else "national_laws.csv differs: run without --check")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({text.count(chr(10)) - 1} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
