"""One way from catalogtool.yaml and the command line to a run's options (config.options_from), used by
every command: validate, convert, diff and package honour the workspace's settings alike; the library
entry point validate.run does what `catalogtool validate` does."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from catalogtool.config import Config, ValidateOptions, options_from
from catalogtool.validate import Request, run
from tests.conftest import SAMPLE, RunCli

HEADER = (
    "序号,小类代码,小类名称,相关职业代码,岗位名称,产业领域,学历要求,工作经历,专业技能,职业资格证书,备注\n"
)
# 2-02-38-99 exists only in the workspace's amendment file; the schema wants certificates on every row.
ROW = "1,2-02-38,数字技术工程技术人员,2-02-38-99,数据工程师,软件,硕士,3,熟悉,,\n"
SCHEMA = {"required": ["certificates"]}  # a province extension: certificates on every row


def _workspace(folder: Path) -> Path:
    (folder / "extra.csv").write_text(
        "batch,occupation_code,occupation_name,subcategory_code,renumbered_from\n"
        "2026-01,2-02-38-99,测试新职业,2-02-38,\n",
        encoding="utf-8",
    )
    (folder / "strict.schema.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    (folder / "catalogtool.yaml").write_text(
        "codes_extra: [extra.csv]\n"
        "competency_schema: strict.schema.json\n"
        "severity:\n  CT211: warning\n  CT106: 'off'\n",
        encoding="utf-8",
    )
    catalog = folder / "catalog.csv"
    catalog.write_text(HEADER + ROW, encoding="utf-8")
    return catalog


def test_options_from_puts_the_command_line_on_top_of_the_config() -> None:
    cfg = Config(
        codes_extra=(Path("a.csv"),),
        severity={"CT209": "off"},
        competency_schema=Path("s.json"),
        strict=True,
    )
    assert options_from(cfg, sheet="目录", max_findings=5, codes_extra=[Path("b.csv")]) == ValidateOptions(
        sheet="目录",
        strict=True,
        max_findings=5,
        codes_extra=(Path("a.csv"), Path("b.csv")),
        severity_overrides={"CT209": "off"},
        competency_schema=Path("s.json"),
    )
    assert options_from(Config(), strict=True).strict
    assert options_from(Config()) == ValidateOptions()


def test_validate_and_convert_read_the_catalog_alike(tmp_path: Path, run_cli: RunCli) -> None:
    catalog = _workspace(tmp_path)
    validated = run_cli("validate", catalog.name, "--format", "json", cwd=tmp_path)
    found = [(f["rule"], f["severity"]) for f in json.loads(validated.stdout)["findings"]]
    # The amended code is known (CT211, raised to a warning), and the schema wants certificates (CT308).
    assert found == [("CT211", "warning"), ("CT308", "error")]
    converted = run_cli("convert", catalog.name, "out.yaml", "--lang", "en", cwd=tmp_path)
    assert converted.returncode == 0, converted.stderr
    findings_shown = converted.stderr.split("Requirements read as:")[0]  # then what each wording was read as
    shown = [line.split(":")[0] for line in findings_shown.splitlines()]
    assert shown == ["warning", "error"]
    assert "2-02-38-99" in converted.stderr and "certificates" in converted.stderr.lower()
    assert "not in" not in converted.stderr  # no "unknown occupation" for the amended code


def test_diff_honours_the_configured_severity(tmp_path: Path, run_cli: RunCli) -> None:
    """A duplicate column (CT108) is an error that stops diff, unless catalogtool.yaml lowers it."""
    twice = HEADER.replace("备注", "备注,专业技能") + ROW.rstrip("\n") + ",熟悉\n"
    (tmp_path / "old.csv").write_text(twice, encoding="utf-8")
    (tmp_path / "new.csv").write_text(twice.replace("数据工程师", "数据架构师"), encoding="utf-8")
    refused = run_cli("diff", "old.csv", "new.csv", "--lang", "en", cwd=tmp_path)
    assert refused.returncode == 2 and "fix the table first" in refused.stderr
    (tmp_path / "catalogtool.yaml").write_text("severity:\n  CT108: warning\n", encoding="utf-8")
    allowed = run_cli("diff", "old.csv", "new.csv", "--format", "json", cwd=tmp_path)
    assert allowed.returncode == 0, allowed.stderr
    diff = json.loads(allowed.stdout)
    assert (len(diff["added"]), len(diff["removed"])) == (1, 1)


def test_convert_and_diff_take_config_like_validate(tmp_path: Path, run_cli: RunCli) -> None:
    """--config FILE, declared once for validate, convert and diff: its code-list extras, schema and
    severities apply to a catalog anywhere (here the settings sit in another folder, and no
    catalogtool.yaml is near the files or the working folder)."""
    settings = tmp_path / "settings"
    settings.mkdir()
    catalog = _workspace(settings)
    config = settings / "elsewhere.yaml"
    (settings / "catalogtool.yaml").rename(config)
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    shutil.move(catalog, drafts / "catalog.csv")
    bare = run_cli("convert", "catalog.csv", "bare.yaml", "--lang", "en", cwd=drafts)
    assert "2-02-38-99" in bare.stderr and "error" in bare.stderr.split("\n")[0]  # unknown without extras
    converted = run_cli("convert", "catalog.csv", "out.yaml", "--config", config, "--lang", "en", cwd=drafts)
    assert converted.returncode == 0, converted.stderr
    shown = [line.split(":")[0] for line in converted.stderr.split("Requirements read as:")[0].splitlines()]
    assert shown == ["warning", "error"]  # CT211 lowered to a warning, CT308 from the schema
    twice = HEADER.replace("备注", "备注,专业技能") + ROW.rstrip("\n") + ",熟悉\n"
    (drafts / "old.csv").write_text(twice, encoding="utf-8")
    (drafts / "new.csv").write_text(twice.replace("数据工程师", "数据架构师"), encoding="utf-8")
    assert run_cli("diff", "old.csv", "new.csv", "--lang", "en", cwd=drafts).returncode == 2
    config.write_text(config.read_text("utf-8") + "  CT108: warning\n", encoding="utf-8")
    allowed = run_cli("diff", "old.csv", "new.csv", "--config", config, "--format", "json", cwd=drafts)
    assert allowed.returncode == 0, allowed.stderr
    assert (len(json.loads(allowed.stdout)["added"]), len(json.loads(allowed.stdout)["removed"])) == (1, 1)
    missing = run_cli("diff", "old.csv", "new.csv", "--config", "nope.yaml", "--lang", "en", cwd=drafts)
    assert (missing.returncode, missing.stderr) == (2, "catalogtool: --config: no such file nope.yaml\n")


def test_package_and_validate_honour_the_configured_schema(tmp_path: Path, run_cli: RunCli) -> None:
    shutil.copytree(SAMPLE, tmp_path, dirs_exist_ok=True)
    args = ("--province", "JS", "--today", "2026-05-01", "--lang", "en")
    assert run_cli("package", *args, "--out", "first", cwd=tmp_path).returncode == 0
    # A province schema that wants skills in one character: every row violates it (CT308).
    (tmp_path / "short.schema.json").write_text(
        json.dumps({"properties": {"skills": {"maxLength": 1}}}), encoding="utf-8"
    )
    (tmp_path / "catalogtool.yaml").write_text("competency_schema: short.schema.json\n", encoding="utf-8")
    validated = run_cli("validate", *args, "--format", "json", cwd=tmp_path)
    rules = {f["rule"] for fr in json.loads(validated.stdout)["files"] for f in fr["findings"]}
    assert (validated.returncode, rules) == (1, {"CT308"})
    blocked = run_cli("package", *args, "--out", "second", cwd=tmp_path)
    assert blocked.returncode == 1
    assert "CT308" in blocked.stdout and "no package written" in blocked.stderr
    assert not (tmp_path / "second").exists()


def test_the_library_entry_point_is_what_validate_does(tmp_path: Path, run_cli: RunCli) -> None:
    catalog = _workspace(tmp_path)
    from catalogtool.config import load_config

    options = options_from(load_config(tmp_path / "catalogtool.yaml"))
    report = run(Request.of([catalog], options=options))
    cli = json.loads(run_cli("validate", catalog.name, "--format", "json", cwd=tmp_path).stdout)
    assert [(f.rule, f.severity, f.location.cell) for f in report.findings] == [
        (f["rule"], f["severity"], f["cell"]) for f in cli["findings"]
    ]
    assert report.exit_code() == 1


def test_fatal_errors_speak_the_configured_language(tmp_path: Path, run_cli: RunCli) -> None:
    (tmp_path / "catalogtool.yaml").write_text("lang: zh\n", encoding="utf-8")
    (tmp_path / "bad.csv").write_bytes(b"")
    result = run_cli("convert", "bad.csv", "out.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("catalogtool: ") and "bad.csv" in result.stderr
    assert all(
        not ("a" <= ch <= "z") for ch in result.stderr.replace("catalogtool", "").replace("bad.csv", "")
    )
