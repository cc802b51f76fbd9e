"""The validation library without the CLI: rows kept, options honoured, memo per run."""

from __future__ import annotations

from pathlib import Path

from catalogtool.validate import ValidateOptions, load_catalog, validate_file

HEADER = "序号,小类代码,小类名称,相关职业代码,岗位名称,产业领域,学历要求,工作经历,专业技能,备注\n"


def write_csv(path: Path, *rows: str) -> Path:
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_loaded_rows_keep_what_was_written(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "c.csv",
        "1,２－０２－１０,信息和通信工程技术人员,2-2-10-3;foo,架构师,软件,硕士及以上,3年以上,熟悉,",
    )
    loaded = load_catalog(path)
    (row,) = loaded.rows
    assert row.subcategory_code == "2-02-10"
    assert row.occupation_codes == ("2-02-10-03",)
    # Unreadable items stay, in order, so convert never drops what the drafter wrote.
    assert row.raw["occupation_codes"] == "2-02-10-03;foo"
    assert (row.education, row.experience_years) == ("master", 3)
    assert [f.rule for f in loaded.report.findings if f.severity == "error"] == ["CT213"]


def test_severity_overrides_and_off(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", "1,2-02-99,其他工程技术人员,,工艺工程师,装备,学士,2,熟悉,")
    default = validate_file(path)
    assert [(f.rule, f.severity) for f in default.findings if f.rule == "CT209"] == [("CT209", "warning")]
    raised = validate_file(path, ValidateOptions(severity_overrides={"residual-subcategory": "error"}))
    assert [(f.rule, f.severity) for f in raised.findings if f.rule == "CT209"] == [("CT209", "error")]
    silenced = validate_file(path, ValidateOptions(severity_overrides={"CT209": "off", "CT106": "off"}))
    assert silenced.findings == ()


def test_repeated_rows_get_their_own_locations(tmp_path: Path) -> None:
    """Verdicts are memoised by value; each row still gets findings at its own cell."""
    rows = [f"{i},2-02-45,某小类,,岗位{i},软件,学士,3,熟悉," for i in range(1, 4)]
    report = validate_file(
        write_csv(tmp_path / "c.csv", *rows), ValidateOptions(severity_overrides={"CT106": "off"})
    )
    assert [(f.rule, f.location.cell) for f in report.findings] == [
        ("CT201", "B2"),
        ("CT201", "B3"),
        ("CT201", "B4"),
    ]
