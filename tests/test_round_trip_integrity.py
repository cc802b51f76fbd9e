"""Every writer round-trips every string (issue #19): any → yaml → xlsx → yaml is stable and loses
nothing, for arbitrary Unicode including CR, NEL, DEL, U+2028/2029 and C0 controls; nothing is
invented (no title that was not there)."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogtool.convert import convert
from catalogtool.errors import InputError
from catalogtool.fields import FIELDS
from catalogtool.read import read_sheet
from catalogtool.safe_cells import FORMULA_STARTS

_F = re.compile(rb"<(?:\w+:)?f[\s>/]")

BASE: dict[str, object] = {
    "seq": 1,
    "subcategory_code": "2-02-10",
    "subcategory_name": "信息和通信工程技术人员",
    "occupation_codes": ["2-02-10-03"],
    "position": "工业软件架构师",
    "industry": "软件和信息服务",
    "education": "学士",
    "experience_years": 5,
    "skills": "熟悉工业软件架构",
    "age_max": "60周岁以下",
}
HARD = [
    "a\rb",
    "a\nb\rc",
    "x\u0085y\nz",
    "del\x7f\nq",
    "ls\u2028ps\u2029\nr",
    "c0\x01\x1b\nz",
    "nel\x85x",
    "_x0041_ stays",
    "bom\ufeffx",
    "\x00nul",
    "'=1+1",
    "-熟悉",
    "yes",
    "1:20",
]


def texts(path: Path) -> tuple[tuple[str, ...], list[dict[str, str]]]:
    sheet = read_sheet(path)
    return sheet.heading, [{k: r.text(k) for k in FIELDS} for r in sheet.rows]


def chain(tmp: Path, doc: dict[str, object]) -> tuple[Path, Path, Path, Path]:
    source = tmp / "source.json"
    source.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    yaml1, xlsx, yaml2 = tmp / "one.yaml", tmp / "two.xlsx", tmp / "three.yaml"
    convert(source, yaml1)
    convert(yaml1, xlsx)
    convert(xlsx, yaml2)
    return source, yaml1, xlsx, yaml2


def assert_stable(tmp: Path, doc: dict[str, object]) -> None:
    source, yaml1, xlsx, yaml2 = chain(tmp, doc)
    expected = texts(source)
    assert texts(yaml1) == expected
    assert texts(xlsx)[1] == expected[1]
    assert texts(yaml2) == expected
    assert yaml2.read_bytes() == yaml1.read_bytes()
    with zipfile.ZipFile(xlsx) as z:  # output safety: no value became a formula
        assert not any(_F.search(z.read(n)) for n in z.namelist() if n.startswith("xl/worksheets/"))


@pytest.mark.parametrize("value", HARD)
def test_hard_characters_survive_every_format(tmp_path: Path, value: str) -> None:
    assert_stable(tmp_path, {"title": f"目录{value}", "rows": [BASE | {"skills": value, "notes": value}]})


def test_a_noncharacter_a_workbook_cannot_hold_is_reported_not_changed(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot hold the noncharacter U\\+FFFE"):
        chain(tmp_path, {"rows": [BASE | {"notes": "a\ufffeb"}]})
    assert not (tmp_path / "two.xlsx").exists()


def test_no_title_is_invented(tmp_path: Path) -> None:
    _, yaml1, xlsx, yaml2 = chain(tmp_path, {"rows": [BASE]})
    assert read_sheet(xlsx).heading == ()
    assert "title:" not in yaml2.read_text("utf-8") and yaml2.read_bytes() == yaml1.read_bytes()


_ANY = st.text(
    st.characters(exclude_categories=("Cs",), exclude_characters="\ufffe\uffff"), min_size=1, max_size=30
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(position=_ANY, skills=_ANY, notes=_ANY, title=_ANY, start=st.sampled_from(FORMULA_STARTS))
def test_any_text_is_stable_through_yaml_xlsx_yaml(
    tmp_path_factory: pytest.TempPathFactory, position: str, skills: str, notes: str, title: str, start: str
) -> None:
    row = BASE | {"position": "岗位" + position, "skills": "技能" + skills, "notes": start + "x" + notes}
    assert_stable(tmp_path_factory.mktemp("rt"), {"title": "目录" + title, "rows": [row]})


def test_a_validity_line_without_a_title_stays_a_validity_line(tmp_path: Path) -> None:
    validity = "有效期：自2026年7月1日起至2030年6月30日止"
    _, yaml1, xlsx, yaml2 = chain(tmp_path, {"validity": validity, "rows": [BASE]})
    assert read_sheet(xlsx).heading == ("", validity)  # the template's title row, empty
    assert "title:" not in yaml2.read_text("utf-8")
    assert yaml2.read_bytes() == yaml1.read_bytes()
