"""detect/iter_files on awkward files, and catalogue edge cases (issue 17 item 9)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from policygraph.errors import InputError
from policygraph.loaders import detect, iter_files
from policygraph.loaders.catalogue import read_catalogue

ROOT = Path(__file__).resolve().parents[2]
SC = ROOT / "policygraph" / "data" / "regulations" / "优化营商环境条例(2019-10-22).md"
SECRET = "root:x:0:0:root:/root:/bin/bash"


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "texts").mkdir()
    shutil.copy(SC, tmp_path / "texts" / "sc.md")
    return tmp_path


def _catalogue(folder: Path, body: str, encoding: str = "utf-8", name: str = "cat.csv") -> Path:
    p = folder / name
    p.write_bytes(body.encode(encoding))
    return p


# ---------------------------------------------------------------- detect


def test_front_matter_page_is_not_a_report(tmp_path):
    p = tmp_path / "page.md"
    p.write_text("---\ntitle: 营商环境\nweight: 3\n---\n\n关于营商环境工作的报告\n一、工作\n", encoding="utf-8")
    with pytest.raises(InputError, match="front matter") as exc:
        detect(p)
    assert str(p) in str(exc.value)


def test_front_matter_before_a_title_is_a_regulation(tmp_path):
    p = tmp_path / "law.md"
    p.write_text("---\ntitle: x\n---\n" + SC.read_text(encoding="utf-8"), encoding="utf-8")
    assert detect(p) == "regulation"
    p.write_bytes(SC.read_text(encoding="utf-8").encode("utf-16"))
    assert detect(p) == "regulation"


@pytest.mark.parametrize("body, encoding", [
    ("# a comment first\ntitle,short_title\n某法,某法\n", "utf-8"),
    ("title,short_title\n某法,某法\n", "utf-16"),
    ("name,short_title\n某法,某法\n", "utf-8"),
])
def test_every_csv_is_a_catalogue(tmp_path, body, encoding):
    assert detect(_catalogue(tmp_path, body, encoding)) == "catalogue"


def test_iter_files_does_not_follow_link_loops_or_hidden_folders(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "r.txt").write_text("关于某区营商环境工作的报告\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.md").write_text("# x\n", encoding="utf-8")
    os.symlink(tmp_path, tmp_path / "a" / "loop")
    assert list(iter_files([tmp_path])) == [tmp_path / "a" / "r.txt"]


def test_detect_missing_and_broken_link(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        detect(tmp_path / "absent.txt")
    os.symlink(tmp_path / "absent.txt", tmp_path / "dangling.txt")
    with pytest.raises(InputError, match="no such file"):
        detect(tmp_path / "dangling.txt")


# ---------------------------------------------------------------- catalogue


def test_comment_first_line_and_utf16(folder):
    for encoding in ("utf-8", "utf-16"):
        regs = read_catalogue(_catalogue(folder, "# 目录\ntitle,text_file\n优化营商环境条例,texts/sc.md\n", encoding))
        assert [len(r.articles()) for r in regs] == [72]


def test_missing_title_header_says_what_is_wrong(folder):
    with pytest.raises(InputError, match="no 'title' column"):
        read_catalogue(_catalogue(folder, "name,text_file\n某法,\n"))


@pytest.mark.parametrize("cell", ["/etc/passwd", "../../../../etc/passwd", "texts/../../outside.md"])
def test_text_file_outside_the_folder_is_refused_without_echo(folder, cell):
    (folder.parent / "outside.md").write_text(SECRET + "\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_catalogue(_catalogue(folder, f"title,text_file\n某法,{cell}\n"))
    msg = str(exc.value)
    assert "outside the catalogue's folder" in msg and "line 2" in msg and SECRET not in msg


def test_link_leading_out_is_refused(folder):
    os.symlink("/etc/passwd", folder / "texts" / "link.md")
    with pytest.raises(InputError, match="outside the catalogue's folder"):
        read_catalogue(_catalogue(folder, "title,text_file\n某法,texts/link.md\n"))


def test_file_the_user_names_may_be_outside(folder, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "sc.md"
    shutil.copy(SC, elsewhere)
    cat = _catalogue(folder, f"title,text_file\n优化营商环境条例,{elsewhere}\n")
    with pytest.raises(InputError, match="outside"):
        read_catalogue(cat)
    assert len(read_catalogue(cat, allowed=[elsewhere])[0].articles()) == 72


def test_unreadable_text_file_content_is_never_echoed(folder):
    (folder / "texts" / "notes.md").write_text(SECRET + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a regulation in the laws Markdown format") as exc:
        read_catalogue(_catalogue(folder, "title,text_file\n某法,texts/notes.md\n"))
    assert SECRET not in str(exc.value)


def test_unclosed_quote_swallowing_rows(folder):
    body = 'title,version_date,level\n某法,"2020-01-01,law\n乙法,2021-01-01,law\n丙法,2022-01-01,law\n'
    with pytest.raises(InputError, match="line 2: a quoted cell runs over 3 lines"):
        read_catalogue(_catalogue(folder, body))


def test_unclosed_quote_at_the_end(folder):
    with pytest.raises(InputError, match="line 2: a quote opened in this row is never closed"):
        read_catalogue(_catalogue(folder, 'title,note\n某法,"说明\n又一行\n'))
    with pytest.raises(InputError, match="line 2: a quote opened in this row is never closed"):
        read_catalogue(_catalogue(folder, 'title,level\n"某法,law\n'))  # on the last line itself


def test_a_real_multiline_cell_is_kept(folder):
    (reg,) = read_catalogue(_catalogue(folder, 'title,note\n某法,"第一行\n第二行"\n'))
    assert reg.note == "第一行\n第二行"


def test_duplicated_header(folder):
    with pytest.raises(InputError, match="line 1: column.*note appear more than once"):
        read_catalogue(_catalogue(folder, "title,note,note\n某法,a,b\n"))


def test_cell_over_the_csv_field_limit(folder):
    with pytest.raises(InputError, match=r"line 2: a cell is longer than 131,072 characters") as exc:
        read_catalogue(_catalogue(folder, "title,note\n某法," + "长" * 140_000 + "\n"))
    assert "_csv.Error" not in str(exc.value) and "field larger than field limit" not in str(exc.value)
