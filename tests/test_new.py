"""`catalogtool new`: a workspace that validates, commented stubs that fit the schemas, no clobbering."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import openpyxl
from ruamel.yaml import YAML

from catalogtool.codes import AMENDMENT_COLUMNS, load_code_list
from catalogtool.config import load_config
from catalogtool.data import schema_path
from catalogtool.workspace import to_json_compatible
from tests.conftest import RunCli

PROVINCE_FILES = [
    "README.md",
    "catalog.xlsx",
    "consultation.yaml",
    "high-end-standards.yaml",
    "province.yaml",
]


def load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text("utf-8"))


def schema_errors(doc: Any, name: str) -> list[str]:
    schema = json.loads(schema_path(name).read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    return sorted(".".join(map(str, e.absolute_path)) for e in validator.iter_errors(to_json_compatible(doc)))


def test_new_creates_a_workspace_whose_catalog_validates(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("new", "--province", "江苏", "--workspace", tmp_path, "--edition", "2026")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "provinces" / "JS").iterdir()) == PROVINCE_FILES
    config = load_config(tmp_path / "catalogtool.yaml")  # the documented defaults are valid settings
    assert (config.lang, config.codes_extra, dict(config.severity)) == ("zh", (), {})
    assert "# 规则级别调整" in (tmp_path / "catalogtool.yaml").read_text("utf-8")
    assert "created provinces/JS/catalog.xlsx" in result.stdout

    catalog = tmp_path / "provinces" / "JS" / "catalog.xlsx"
    checked = run_cli("validate", catalog, "--format", "json")
    assert checked.returncode == 0, checked.stdout
    report = json.loads(checked.stdout)
    assert report["summary"]["rows"] == 1  # the example row
    assert report["findings"] == []


def test_province_yaml_is_prefilled_commented_and_fits_the_schema(run_cli: RunCli, tmp_path: Path) -> None:
    assert run_cli("new", "-p", "320000", "-w", tmp_path, "--edition", "2027").returncode == 0
    path = tmp_path / "provinces" / "JS" / "province.yaml"
    doc = load(path)
    assert doc["province"] == "JS"
    assert doc["title"] == "江苏省外国人来华工作指导目录（2027年版）"
    assert doc["edition"] == "2027"  # a string, not the number 2027
    assert doc["authority"] == "江苏省人力资源和社会保障厅"
    assert doc["effective_date"] == dt.date(2027, 1, 1)
    assert doc["validity_years"] == 4
    assert "人工智能" in doc["key_industries"]
    text = path.read_text("utf-8")
    assert "# 有效期（年），一般为3至5年" in text
    assert "# 联系人（请填写）" in text
    # Only the contact the drafters must fill in is missing.
    assert schema_errors(doc, "province.schema.json") == ["contact.email"]
    doc["contact"] = {
        "department": "外国专家工作处",
        "name": "张三",
        "phone": "025-1",
        "email": "a@example.gov.cn",
    }
    assert schema_errors(doc, "province.schema.json") == []

    ws = openpyxl.load_workbook(tmp_path / "provinces" / "JS" / "catalog.xlsx")["指导目录"]
    assert ws["A1"].value == "江苏省外国人来华工作指导目录（2027年版）"
    assert ws["A2"].value == "有效期：自2027年1月1日起至2030年12月31日止"


def test_consultation_and_standards_stubs_validate_once_filled(run_cli: RunCli, tmp_path: Path) -> None:
    assert run_cli("new", "-p", "GD", "-w", tmp_path, "--edition", "2026").returncode == 0
    folder = tmp_path / "provinces" / "GD"

    consultation = load(folder / "consultation.yaml")
    assert [p["type"] for p in consultation["parties"]] == [
        "industry_association",
        "hr_service_agency",
        "government_department",
    ]
    assert "period.start" in schema_errors(consultation, "consultation.schema.json")
    consultation["period"] = {"start": dt.date(2026, 3, 1), "end": dt.date(2026, 4, 15)}
    for number, party in enumerate(consultation["parties"], start=1):
        party.update(name=f"单位{number}", date=dt.date(2026, 3, number))
    consultation["opinions"].append(
        {"party": "单位1", "summary": "建议增加岗位", "adopted": True, "response": "已增加"}
    )
    assert schema_errors(consultation, "consultation.schema.json") == []

    standards = load(folder / "high-end-standards.yaml")
    assert [s["id"] for s in standards["standards"]] == ["GD-A-01"]
    standards["standards"][0].update(text="入选省级以上人才计划的外籍人才", evidence=["人才计划入选证明"])
    assert schema_errors(standards, "standards.schema.json") == []
    # The allowed values are listed in the comments, from the one table the checks use.
    assert "#   department_recommended  部门推荐" in (folder / "high-end-standards.yaml").read_text("utf-8")
    assert "#   hr_service_agency  人力资源服务机构" in (folder / "consultation.yaml").read_text("utf-8")


def test_existing_files_are_refused_then_replaced_with_force(run_cli: RunCli, tmp_path: Path) -> None:
    assert run_cli("new", "-p", "JS", "-w", tmp_path, "--edition", "2026").returncode == 0
    province = tmp_path / "provinces" / "JS" / "province.yaml"
    province.write_text("province: JS\n", "utf-8")
    config = tmp_path / "catalogtool.yaml"
    config.write_text("lang: en\n", "utf-8")

    again = run_cli("new", "-p", "JS", "-w", tmp_path, "--edition", "2026")
    assert again.returncode == 2
    assert "provinces/JS/province.yaml" in again.stderr and "--force" in again.stderr
    assert "Traceback" not in again.stderr
    assert province.read_text("utf-8") == "province: JS\n"

    forced = run_cli("new", "-p", "JS", "-w", tmp_path, "--edition", "2026", "--force")
    assert forced.returncode == 0, forced.stderr
    assert "replaced provinces/JS/province.yaml" in forced.stdout
    assert "kept existing catalogtool.yaml" in forced.stdout
    assert load(province)["title"] == "江苏省外国人来华工作指导目录（2026年版）"
    assert config.read_text("utf-8") == "lang: en\n"  # a workspace's own settings are never replaced


def test_a_second_province_joins_the_workspace(run_cli: RunCli, tmp_path: Path) -> None:
    assert run_cli("new", "-p", "JS", "-w", tmp_path, "--edition", "2026").returncode == 0
    second = run_cli("new", "-p", "浙江省", "-w", tmp_path, "--edition", "2026", "--lang", "en")
    assert second.returncode == 0, second.stderr
    assert "kept existing catalogtool.yaml" in second.stdout
    assert "created catalogtool.yaml" not in second.stdout
    assert sorted(p.name for p in (tmp_path / "provinces").iterdir()) == ["JS", "ZJ"]


def test_a_catalog_in_another_format_counts_as_existing(run_cli: RunCli, tmp_path: Path) -> None:
    folder = tmp_path / "provinces" / "JS"
    folder.mkdir(parents=True)
    (folder / "catalog.csv").write_text("序号\n", "utf-8")
    result = run_cli("new", "-p", "JS", "-w", tmp_path)
    assert result.returncode == 2
    assert "provinces/JS/catalog.csv" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["catalog.csv"]


def test_unknown_province_and_bad_edition_exit_2_with_help(run_cli: RunCli, tmp_path: Path) -> None:
    unknown = run_cli("new", "-p", "JX2", "-w", tmp_path)
    assert unknown.returncode == 2
    assert unknown.stderr.strip() == "catalogtool: unknown province 'JX2'; did you mean JX 江西省?"
    zh = run_cli("new", "-p", "HX", "-w", tmp_path, env={"CATALOGTOOL_LANG": "zh"})
    assert zh.returncode == 2 and "未知省份 'HX'" in zh.stderr and "HE 河北省" in zh.stderr
    edition = run_cli("new", "-p", "JS", "-w", tmp_path, "--edition", "26")
    assert edition.returncode == 2 and "--edition must be a year such as 2026" in edition.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_codes_extra_format_documented_in_catalogtool_yaml_is_what_the_loader_reads(
    run_cli: RunCli, tmp_path: Path
) -> None:
    assert run_cli("new", "-p", "JS", "-w", tmp_path, "--edition", "2026").returncode == 0
    text = (tmp_path / "catalogtool.yaml").read_text("utf-8")
    header = re.search(r"CSV columns: (\S+)", text)
    example = re.search(r"e\.g\. row: (\S+)", text)
    assert header is not None and example is not None, text
    assert tuple(header[1].split(",")) == AMENDMENT_COLUMNS
    (tmp_path / "codes").mkdir()
    (tmp_path / "codes" / "batch.csv").write_text(f"{header[1]}\n{example[1]}\n", "utf-8")
    config = (
        (tmp_path / "catalogtool.yaml")
        .read_text("utf-8")
        .replace("codes_extra: []", "codes_extra: [codes/batch.csv]")
    )
    (tmp_path / "catalogtool.yaml").write_text(config, "utf-8")
    settings = load_config(tmp_path / "catalogtool.yaml")
    code = example[1].split(",")[1]
    assert load_code_list().get(code) is None
    added = load_code_list(settings.codes_extra).get(code)
    assert added is not None and added.name == example[1].split(",")[2]
