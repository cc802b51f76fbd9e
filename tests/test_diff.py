"""`catalogtool diff`: what changed between two versions of a catalog, across formats."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from catalogtool.diff import diff_catalogs
from catalogtool.model import CatalogRow
from tests.conftest import RunCli


@pytest.fixture
def versions(tmp_path: Path, shared_fixtures: Path) -> tuple[Path, Path]:
    """The shared Jiangsu draft and a revision of it made the way drafters do, in Excel."""
    old = shared_fixtures / "jiangsu-draft-2026.xlsx"
    wb = openpyxl.load_workbook(old)
    ws = wb["指导目录"]
    ws["G5"] = "博士"  # 芯片设计工程师: education raised
    ws["H6"] = "3年"  # 人工智能算法工程师: "3" → "3年", same meaning
    ws["I7"] = " 熟悉相关领域前沿技术，具有独立承担研发项目的经验  "  # whitespace only: not a change
    ws["F8"] = "医疗健康"  # 临床研究员: industry changed
    ws["I9"] = "熟悉相关领域前沿技术,具有独立承担研发项目的经验"  # full-width comma → half-width: formatting
    ws["B12"], ws["C12"] = "2-02-09", "电子工程技术人员"  # 精密运动控制工程师 moves subcategory
    ws["A13"] = 99  # renumbering is not a change
    ws.delete_rows(15)  # 跨境供应链经理 removed
    ws.append([19, "2-02-38", "数字技术工程技术人员", "2-02-38-10", "机器人算法工程师", "高端装备", "硕士", "3",
               "熟悉机器人运动控制", None, None, "60周岁以下", None])  # fmt: skip
    new = tmp_path / "jiangsu-v2.xlsx"
    wb.save(new)
    return old, new


def test_text_diff_names_each_kind_of_change(run_cli: RunCli, versions: tuple[Path, Path]) -> None:
    old, new = versions
    result = run_cli("diff", old, new)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1] == "1 added · 1 removed · 1 moved · 3 changed · 13 unchanged"
    assert lines[3:] == [
        "+ added    2-02-38 机器人算法工程师 (new row 22)",
        "- removed  2-06-07 跨境供应链经理 (old row 15)",
        "→ moved    精密运动控制工程师: 2-02-07 → 2-02-09 (row 12 → 12)",
        '      Subcategory name: "机械工程技术人员" → "电子工程技术人员"',
        "~ changed  2-02-38 芯片设计工程师 (row 5 → 5)",
        '      Education: "硕士及以上" → "博士"',
        "~ changed  2-02-38 人工智能算法工程师 (row 6 → 6)",
        '      Experience (years): "3" → "3年" (wording only)',
        "~ changed  2-01-08 临床研究员 (row 8 → 8)",
        '      Industry: "生物医药" → "医疗健康"',
        "",
        "By major category:",
        "  2 专业技术人员: 1 added, 1 removed, 1 moved, 3 changed",
    ]


def test_json_diff_across_formats_and_exit_code(
    run_cli: RunCli, versions: tuple[Path, Path], tmp_path: Path
) -> None:
    old, new = versions
    new_yaml = tmp_path / "jiangsu-v2.yaml"
    assert run_cli("convert", new, new_yaml).returncode == 0

    result = run_cli("diff", old, new_yaml, "--format", "json", "--exit-code")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert [e["key"] for e in data["added"]] == [
        {"subcategory_code": "2-02-38", "position": "机器人算法工程师"}
    ]
    assert data["added"][0]["values"]["occupation_codes"] == "2-02-38-10"
    assert [(e["key"]["position"], e["row"]) for e in data["removed"]] == [("跨境供应链经理", 15)]
    assert data["moved"] == [
        {
            "position": "精密运动控制工程师",
            "old": {"subcategory_code": "2-02-07", "row": 12},
            "new": {"subcategory_code": "2-02-09", "row": data["moved"][0]["new"]["row"]},
            "fields": {
                "subcategory_name": {
                    "old": "机械工程技术人员",
                    "new": "电子工程技术人员",
                    "wording_only": False,
                }
            },
        }
    ]
    first = data["changed"][0]
    assert first["key"] == {"subcategory_code": "2-02-38", "position": "芯片设计工程师"}
    assert first["fields"] == {"education": {"old": "硕士及以上", "new": "博士", "wording_only": False}}
    summary = data["summary"]
    assert {k: summary[k] for k in ("old_rows", "new_rows", "added", "removed", "moved", "changed", "unchanged")} == {
        "old_rows": 18, "new_rows": 18, "added": 1, "removed": 1, "moved": 1, "changed": 3, "unchanged": 13,
    }  # fmt: skip
    assert summary["by_major"] == {
        "2": {"name": "专业技术人员", "added": 1, "removed": 1, "moved": 1, "changed": 3}
    }


def test_same_catalog_in_two_formats_has_no_differences(
    run_cli: RunCli, shared_fixtures: Path, tmp_path: Path
) -> None:
    old = shared_fixtures / "jiangsu-draft-2026.xlsx"
    as_csv = tmp_path / "same.csv"
    assert run_cli("convert", old, as_csv, "--encoding", "gb18030").returncode == 0
    result = run_cli("diff", old, as_csv, "--exit-code", env={"CATALOGTOOL_LANG": "zh"})
    assert result.returncode == 0
    assert result.stdout.splitlines()[1] == "两个版本内容相同（共 18 行）。"


def test_unusable_input_and_bad_format_exit_2(run_cli: RunCli, shared_fixtures: Path, tmp_path: Path) -> None:
    old = shared_fixtures / "jiangsu-draft-2026.xlsx"
    missing = run_cli("diff", old, tmp_path / "nope.xlsx")
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    assert run_cli("diff", old, old, "--format", "xml").returncode == 2


def _row(number: int, code: str, position: str, **raw: str) -> CatalogRow:
    texts = {"subcategory_code": code, "position": position, **raw}
    return CatalogRow(
        number=number, seq=None, subcategory_code=code, subcategory_name="", occupation_codes=(),
        position=position, industry="", education=None, experience_years=None, skills="", certificates="",
        salary=None, age_max=None, notes="", raw=texts,
    )  # fmt: skip


def test_duplicates_pair_with_their_twins_and_occupation_order_is_not_a_change() -> None:
    old = [
        _row(5, "2-02-07", "工程师", occupation_codes="2-02-07-01;2-02-07-02"),
        _row(6, "2-02-07", "工程师", skills="A"),
    ]
    new = [
        _row(5, "2-02-07", "工程师", skills="A"),
        _row(6, "2-02-07", "工程师", occupation_codes="2-02-07-02; 2-02-07-01"),
    ]
    diff = diff_catalogs(old, new)
    assert not diff.differs
    assert diff.unchanged == 2


def test_a_blank_position_never_counts_as_a_move() -> None:
    diff = diff_catalogs([_row(5, "2-02-07", "")], [_row(5, "2-02-09", "")])
    assert (len(diff.added), len(diff.removed), diff.moved) == (1, 1, ())
