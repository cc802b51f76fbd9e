"""`catalogtool validate` end to end: real workbooks and CSVs through the real CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.conftest import LEADING_HEADER, RunCli, save_xlsx

HEADER = [
    *LEADING_HEADER,
    "学历要求",
    "工作经历",
    "专业技能",
    "职业资格",
    "薪酬要求",
    "年龄上限",
    "备注",
]
SKILLS = "熟悉相关领域前沿技术，具有独立承担研发项目的经验"


def good_row(
    seq: int,
    code: object = "2-02-10",
    name: str = "信息和通信工程技术人员",
    position: str = "软件架构师",
    occupations: str = "",
) -> list[object]:
    return [
        seq,
        code,
        name,
        occupations,
        position,
        "软件和信息服务",
        "学士",
        "3年以上",
        SKILLS,
        "",
        "",
        "60周岁以下",
        "",
    ]


def write_xlsx(
    path: Path, rows: list[list[object]], title: str | None = "某省外国人来华工作指导目录"
) -> Path:
    return save_xlsx(path, *([[title]] if title else []), HEADER, *rows, title="目录")


def findings(result_stdout: str) -> list[tuple[str, str, int | None, str | None]]:
    report = json.loads(result_stdout)
    return [(f["rule"], f["severity"], f["row"], f["column"]) for f in report["findings"]]


# --- the shared, realistic fixtures ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["jiangsu-draft-2026", "guangdong-draft.gb18030"])
def test_shared_fixture_error_rows(name: str, shared_fixtures: Path, run_cli: RunCli) -> None:
    expected = json.loads((shared_fixtures / f"{name}.expected.json").read_text(encoding="utf-8"))
    result = run_cli("validate", shared_fixtures / expected["file"], "--format", "json")
    report = json.loads(result.stdout)
    error_rows = sorted({f["row"] for f in report["findings"] if f["severity"] == "error" and f["row"]})
    assert error_rows == sorted(expected["error_rows"])
    warning_rows = {f["row"] for f in report["findings"] if f["severity"] == "warning"}
    assert set(expected["warning_rows_at_least"]) <= warning_rows
    assert result.returncode == (1 if expected["error_rows"] else 0)
    first, last = expected["data_rows"]
    assert report["summary"]["rows"] == last - first + 1


def test_jiangsu_findings_are_exact(shared_fixtures: Path, run_cli: RunCli) -> None:
    result = run_cli("validate", shared_fixtures / "jiangsu-draft-2026.xlsx", "--format", "json")
    report = json.loads(result.stdout)
    errors = [(f["rule"], f["cell"]) for f in report["findings"] if f["severity"] == "error"]
    assert errors == [
        ("CT201", "B9"),  # 2-02-45 is not a subcategory
        ("CT203", "C11"),  # 软件工程技术人员 is not the name of 2-02-10
        ("CT204", "D19"),  # 2-02-38-01 is not inside 2-02-10
        ("CT401", "E20"),  # duplicate of row 12
        ("CT301", "E22"),  # position blank
    ]
    assert report["sheet"] == "指导目录"
    by_cell = {f["cell"]: f for f in report["findings"]}
    assert "信息和通信工程技术人员" in by_cell["C11"]["message_zh"]
    assert "row 12" in by_cell["E20"]["message"]
    assert ("CT306", "warning", 21) in [(f["rule"], f["severity"], f["row"]) for f in report["findings"]]


def test_guangdong_csv_is_read_as_gb18030(shared_fixtures: Path, run_cli: RunCli) -> None:
    result = run_cli("validate", shared_fixtures / "guangdong-draft.gb18030.csv", "--format", "json")
    report = json.loads(result.stdout)
    assert report["encoding"] == "gb18030"
    assert ("CT209", "warning", 8, "B") in findings(result.stdout)


def test_text_report_in_chinese_names_cells(shared_fixtures: Path, run_cli: RunCli) -> None:
    result = run_cli("validate", shared_fixtures / "jiangsu-draft-2026.xlsx", "--lang", "zh")
    assert result.returncode == 1
    assert "指导目录!B9" in result.stdout
    assert "2-02-45" in result.stdout
    assert "None" not in result.stdout
    assert "Traceback" not in result.stderr


# --- Excel dates in the code column ------------------------------------------------------------------


def test_code_turned_into_date_is_recovered_with_a_warning(tmp_path: Path, run_cli: RunCli) -> None:
    # zh-CN Excel reads 2-02-10 as 2002-02-10; 2-10-02 (编辑) is the other reading, the name picks 2-02-10.
    path = write_xlsx(
        tmp_path / "d.xlsx", [good_row(1, code=dt.datetime(2002, 2, 10), occupations="2-02-10-03")]
    )
    result = run_cli("validate", path, "--format", "json")
    assert result.returncode == 0, result.stdout
    assert findings(result.stdout) == [("CT206", "warning", 3, "B")]
    report = json.loads(result.stdout)
    assert report["findings"][0]["value"] == "2002-02-10"
    assert "2-02-10" in report["findings"][0]["message"]


def test_date_nothing_singles_out_is_an_error_listing_readings(tmp_path: Path, run_cli: RunCli) -> None:
    path = write_xlsx(tmp_path / "d.xlsx", [good_row(1, code=dt.datetime(2002, 2, 10), name="")])
    result = run_cli("validate", path, "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    date_findings = [f for f in report["findings"] if f["rule"] == "CT207"]
    assert len(date_findings) == 1
    assert "2-02-10" in date_findings[0]["message"] and "2-10-02" in date_findings[0]["message"]


# --- options and exit codes --------------------------------------------------------------------------


def test_strict_makes_warnings_fail(tmp_path: Path, run_cli: RunCli) -> None:
    path = write_xlsx(tmp_path / "w.xlsx", [good_row(1, code="2-02-99", name="其他工程技术人员")])
    assert run_cli("validate", path).returncode == 0
    assert run_cli("validate", path, "--strict").returncode == 1


def test_max_findings_marks_the_report_partial(tmp_path: Path, run_cli: RunCli) -> None:
    rows = [good_row(i, code="2-02-45", position=f"岗位{i}") for i in range(1, 21)]
    path = write_xlsx(tmp_path / "many.xlsx", rows)
    result = run_cli("validate", path, "--format", "json", "--max-findings", "5")
    report = json.loads(result.stdout)
    assert result.returncode == 1
    assert report["partial"] is True
    assert len(report["findings"]) == 5


def test_output_file(tmp_path: Path, run_cli: RunCli) -> None:
    path = write_xlsx(tmp_path / "ok.xlsx", [good_row(1)])
    out = tmp_path / "report.json"
    result = run_cli("validate", path, "--format", "json", "--output", out)
    assert result.returncode == 0
    assert result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["valid"] is True


def test_several_files_one_report_worst_exit(tmp_path: Path, run_cli: RunCli) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", [good_row(1)])
    bad = write_xlsx(tmp_path / "bad.xlsx", [good_row(1, code="2-02-45")])
    result = run_cli("validate", good, bad, "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert {Path(f["file"]).name: f["valid"] for f in report["files"]} == {
        "good.xlsx": True,
        "bad.xlsx": False,
    }


def test_severity_override_from_config(tmp_path: Path, run_cli: RunCli) -> None:
    path = write_xlsx(tmp_path / "w.xlsx", [good_row(1, code="2-02-99", name="其他工程技术人员")])
    (tmp_path / "catalogtool.yaml").write_text("severity:\n  CT209: error\n", encoding="utf-8")
    result = run_cli("validate", path, "--format", "json", cwd=tmp_path)
    assert result.returncode == 1
    assert findings(result.stdout) == [("CT209", "error", 3, "B")]


def test_province_schema_extension(tmp_path: Path, run_cli: RunCli) -> None:
    """A province may tighten the competency schema; violations of its extension are CT308."""
    from catalogtool.data import schema_path

    schema = json.loads(schema_path("competency.schema.json").read_text(encoding="utf-8"))
    schema["properties"]["certificates"] = {"type": "string", "minLength": 1}
    schema["required"] = ["certificates"]
    (tmp_path / "strict.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    (tmp_path / "catalogtool.yaml").write_text("competency_schema: strict.schema.json\n", encoding="utf-8")
    path = write_xlsx(tmp_path / "c.xlsx", [good_row(1)])
    result = run_cli("validate", path, "--format", "json", cwd=tmp_path)
    assert result.returncode == 1
    assert findings(result.stdout) == [("CT308", "error", 3, "J")]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["validate"], "give catalog files"),
        (["validate", "missing.xlsx"], "missing.xlsx"),
        (["validate", "x.csv", "--format", "pdf"], "unknown --format"),
    ],
)
def test_usage_errors_exit_2_without_traceback(
    tmp_path: Path, run_cli: RunCli, args: list[str], needle: str
) -> None:
    (tmp_path / "x.csv").write_text(",".join(HEADER) + "\n", encoding="utf-8")
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert needle in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 3


def test_input_is_never_modified(tmp_path: Path, shared_fixtures: Path, run_cli: RunCli) -> None:
    src = tmp_path / "j.xlsx"
    src.write_bytes((shared_fixtures / "jiangsu-draft-2026.xlsx").read_bytes())
    before = (src.read_bytes(), src.stat().st_mtime_ns)
    run_cli("validate", src, "--annotate", tmp_path / "annotated.xlsx")
    assert (src.read_bytes(), src.stat().st_mtime_ns) == before
    assert (tmp_path / "annotated.xlsx").is_file()


def test_a_folder_argument_is_validated_as_a_workspace(run_cli: RunCli) -> None:
    from tests.conftest import REPO

    result = run_cli("validate", REPO / "samples" / "JS", "--format", "json", "--today", "2026-05-01")
    assert result.returncode == 0, result.stdout
    names = sorted(Path(f["file"]).name for f in json.loads(result.stdout)["files"])
    assert names == ["catalog.xlsx", "consultation.yaml", "high-end-standards.yaml", "province.yaml"]


def test_a_folder_without_provinces_is_a_usage_error(tmp_path: Path, run_cli: RunCli) -> None:
    result = run_cli("validate", tmp_path)
    assert result.returncode == 2
    assert "provinces/<XX>/" in result.stderr


@pytest.mark.parametrize("option", ["--output", "--annotate"])
def test_an_output_that_is_the_input_is_refused(tmp_path: Path, run_cli: RunCli, option: str) -> None:
    path = write_xlsx(tmp_path / "draft.xlsx", [good_row(1)])
    before = path.read_bytes()
    result = run_cli("validate", path, option, tmp_path / "." / "draft.xlsx")
    assert result.returncode == 2
    assert "is one of the inputs" in result.stderr
    assert path.read_bytes() == before


def test_lang_must_be_zh_or_en(tmp_path: Path, run_cli: RunCli) -> None:
    path = write_xlsx(tmp_path / "draft.xlsx", [good_row(1)])
    result = run_cli("validate", path, "--lang", "fr")
    assert (result.returncode, result.stderr.strip()) == (2, "catalogtool: --lang must be zh or en, not 'fr'")


def test_environment_language_beats_the_workspace_config(tmp_path: Path, run_cli: RunCli) -> None:
    path = write_xlsx(tmp_path / "draft.xlsx", [good_row(1, code="2-02-45")])
    (tmp_path / "catalogtool.yaml").write_text("lang: zh\n", encoding="utf-8")
    assert "第 3 行" in run_cli("validate", path, cwd=tmp_path).stdout
    assert "Row 3" in run_cli("validate", path, cwd=tmp_path, env={"CATALOGTOOL_LANG": "en"}).stdout


def test_a_date_whose_only_reading_contradicts_the_name_is_not_recovered(
    tmp_path: Path, run_cli: RunCli
) -> None:
    # 2002-10-02 reads only as 2-10-02 (编辑), but the row names 2-02-10: the date cannot be trusted.
    path = write_xlsx(tmp_path / "d.xlsx", [good_row(1, code=dt.datetime(2002, 10, 2))])
    result = run_cli("validate", path, "--format", "json")
    assert result.returncode == 1
    assert findings(result.stdout) == [("CT207", "error", 3, "B")]


@pytest.mark.parametrize(
    ("config", "needle"),
    [
        ("severity:\n  CT2O1: error\n", "no rule 'CT2O1' (did you mean CT201"),
        ("severity:\n  CT201: fatal\n", "must be error, warning, info or off, not 'fatal'"),
        ("colour: red\n", "unknown setting(s) colour"),
        ("lang: 42\n", "lang must be text"),
        ("strict: 'no'\n", "strict must be true or false"),
        ("competency_schema: missing.json\n", "cannot read the competency schema"),
        ("competency_schema: bad.json\n", "is not a valid JSON Schema"),
    ],
)
def test_bad_config_is_one_clear_line(tmp_path: Path, run_cli: RunCli, config: str, needle: str) -> None:
    path = write_xlsx(tmp_path / "w.xlsx", [good_row(1)])
    (tmp_path / "catalogtool.yaml").write_text(config, encoding="utf-8")
    (tmp_path / "bad.json").write_text('{"type": 5}', encoding="utf-8")
    result = run_cli("validate", path, cwd=tmp_path)
    assert result.returncode == 2
    assert needle in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_output_that_cannot_be_written_is_one_clear_line(tmp_path: Path, run_cli: RunCli) -> None:
    path = write_xlsx(tmp_path / "w.xlsx", [good_row(1)])
    (tmp_path / "reports").mkdir()
    result = run_cli("validate", path, "--output", tmp_path / "reports")
    assert result.returncode == 2
    assert result.stderr.startswith("catalogtool: cannot write")
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def test_each_missing_field_of_an_extended_schema_is_named_once(tmp_path: Path, run_cli: RunCli) -> None:
    from catalogtool.data import schema_path

    schema = json.loads(schema_path("competency.schema.json").read_text(encoding="utf-8"))
    schema["required"] = ["certificates", "salary"]
    (tmp_path / "s.json").write_text(json.dumps(schema), encoding="utf-8")
    (tmp_path / "catalogtool.yaml").write_text("competency_schema: s.json\n", encoding="utf-8")
    path = write_xlsx(tmp_path / "c.xlsx", [good_row(1)])
    result = run_cli("validate", path, "--format", "json", cwd=tmp_path)
    # salary has its own rule; certificates only the extension speaks of
    assert findings(result.stdout) == [("CT308", "error", 3, "J"), ("CT304", "error", 3, "K")]


def test_a_province_folder_without_province_yaml_is_named_not_skipped(
    tmp_path: Path, run_cli: RunCli
) -> None:
    folder = tmp_path / "provinces" / "ZJ"
    folder.mkdir(parents=True)
    write_xlsx(folder / "catalog.xlsx", [good_row(1)])
    result = run_cli("validate", tmp_path)
    assert result.returncode == 2
    assert "province.yaml is missing" in result.stderr
