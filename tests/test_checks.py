"""The registry of checks: each check declares its rules and the fields it reads; the memo key comes
from those fields; checks whose rules are all off do not run."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from catalogtool.errors import InputError
from catalogtool.fields import BY_KEY
from catalogtool.rules import all_rules, catalog_checks, cross_row_checks, reading_rules, row_checks
from catalogtool.rules.checks import RowCheck, RowView, UndeclaredField, active, run_row_checks
from catalogtool.rules.competency import REQUIREMENTS_CHECK
from catalogtool.rules.context import Issue, RowContext, issue
from catalogtool.rules.registry import Rule
from catalogtool.validate import ValidateOptions, load_catalog, validate_file

HEADER = "序号,小类代码,小类名称,相关职业代码,岗位名称,产业领域,学历要求,工作经历,专业技能,备注\n"
# Two rows alike in everything a competency verdict reads, with different (too long) positions.
ROWS = (
    "1,2-02-10,信息和通信工程技术人员,," + "通信" * 20 + "工程师,软件,硕士,3,熟悉,\n"
    "2,2-02-10,信息和通信工程技术人员,," + "网络" * 20 + "工程师,软件,硕士,3,熟悉,\n"
    "3,2-02-10,信息和通信工程技术人员,,架构师,软件,硕士,3,熟悉,\n"
)

POSITION_TOO_LONG = Rule(
    id="CT399",
    slug="position-too-long",
    severity="warning",
    title_en="Position too long",
    title_zh="岗位名称过长",
    message_en="{value!r} is longer than 30 characters",
    message_zh="“{value}”超过30个字",
    explanation_en="Long titles do not fit the printed catalog.",
    explanation_zh="岗位名称过长，印刷目录放不下。",
)


def _too_long(row: RowView, ctx: RowContext) -> tuple[Issue, ...]:
    text = row.text("position")
    return (issue(POSITION_TOO_LONG, "position", text),) if len(text) > 30 else ()


def _rows(tmp_path: Path) -> tuple[RowContext, list]:  # type: ignore[type-arg]
    path = tmp_path / "c.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    loaded = load_catalog(path)
    from catalogtool.codes import load_code_list

    ctx = RowContext(file="c.csv", sheet=None, columns={"position": "E"}, codes=load_code_list())
    return ctx, list(loaded.rows)


def test_a_check_finds_every_row_its_declared_fields_make_wrong(tmp_path: Path) -> None:
    """The issue's example: a 'position too long' check; both offending rows are found, by memo key."""
    ctx, rows = _rows(tmp_path)
    check = RowCheck(
        name="position-length", rules=(POSITION_TOO_LONG,), reads=("position",), verdict=_too_long
    )
    found = [f for row in rows for f in run_row_checks((REQUIREMENTS_CHECK, check), row, ctx)]
    assert [(f.rule, f.location.cell) for f in found] == [("CT399", "E2"), ("CT399", "E3")]


def test_a_check_cannot_read_a_field_it_does_not_declare(tmp_path: Path) -> None:
    ctx, rows = _rows(tmp_path)
    sneaky = RowCheck(name="sneaky", rules=(POSITION_TOO_LONG,), reads=("skills",), verdict=_too_long)
    with pytest.raises(UndeclaredField, match="'sneaky' reads 'position'"):
        run_row_checks((sneaky,), rows[0], ctx)


def test_a_check_cannot_report_a_rule_it_does_not_declare(tmp_path: Path) -> None:
    ctx, rows = _rows(tmp_path)
    other = next(r for r in all_rules() if r.id == "CT301")
    liar = RowCheck(name="liar", rules=(other,), reads=("position",), verdict=_too_long)
    with pytest.raises(RuntimeError, match="reported CT399, which it does not declare"):
        run_row_checks((liar,), rows[0], ctx)


def test_memo_key_is_the_declared_fields(tmp_path: Path) -> None:
    ctx, rows = _rows(tmp_path)
    for check in row_checks():
        keys = {check.memo_key(r, ctx) for r in rows}
        if check.presence_only:  # only whether each field is filled counts
            read_differs = len({tuple(bool(r.raw.get(k)) for k in check.reads) for r in rows})
        else:
            read_differs = len({tuple(r.raw.get(k, "") for k in check.reads) for r in rows})
        assert len(keys) == read_differs, check.name  # rows 1–3 differ in position only
    required = next(c for c in row_checks() if c.name == "required")
    assert required.presence_only and len({required.memo_key(r, ctx) for r in rows}) == 1
    # Which columns the input has is part of every key (has_column), so one memo serves several files.
    other = replace(ctx, columns={"position": "E", "skills": "I"})
    assert all(c.memo_key(rows[0], ctx) != c.memo_key(rows[0], other) for c in row_checks())


def test_a_presence_only_check_cannot_read_text(tmp_path: Path) -> None:
    ctx, rows = _rows(tmp_path)
    peeking = RowCheck(
        name="peeking", rules=(POSITION_TOO_LONG,), reads=("position",), verdict=_too_long, presence_only=True
    )
    with pytest.raises(UndeclaredField, match="'peeking' declares presence only"):
        run_row_checks((peeking,), rows[0], ctx)


def test_every_rule_is_reported_by_a_check_or_while_reading() -> None:
    declared = [
        r for checks in (row_checks(), cross_row_checks(), catalog_checks()) for c in checks for r in c.rules
    ]
    by_checks = {r.id for r in declared}
    reading = {r.id for r in reading_rules()}
    assert by_checks | reading == {r.id for r in all_rules()}
    registry = {r.id: r for r in all_rules()}
    assert all(registry[r.id] is r for r in (*declared, *reading_rules()))
    for check in (*row_checks(), *cross_row_checks()):
        assert all(k in BY_KEY for k in check.reads), check.name


def test_checks_whose_rules_are_all_off_do_not_run(tmp_path: Path) -> None:
    off = {r.id: "off" for r in REQUIREMENTS_CHECK.rules}
    assert REQUIREMENTS_CHECK not in active(row_checks(), off)
    assert REQUIREMENTS_CHECK in active(row_checks(), {**off, "CT302": "warning"})
    assert [
        c.name for c in active(cross_row_checks(), {"CT402": "off", "seq-gap": "off", "CT404": "off"})
    ] == ["entries", "relaxable-age"]
    assert "industries" not in [c.name for c in active(catalog_checks(), {"CT515": "off"})]
    # Observable: an unreadable competency schema is never loaded when its check is off.
    path = tmp_path / "c.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    broken = tmp_path / "broken.schema.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError):
        validate_file(path, ValidateOptions(competency_schema=broken))
    report = validate_file(path, ValidateOptions(competency_schema=broken, severity_overrides=off))
    assert not [f for f in report.findings if f.rule in off]
