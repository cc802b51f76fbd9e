"""The filing package: built from the Jiangsu sample through the CLI, checked file by file."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import docx
import openpyxl
import pytest
from conftest import REFERENCE, REPO, SAMPLE, RunCli, sample_with_rows
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML

from catalogtool import filing_docs
from catalogtool.codes import load_code_list
from catalogtool.errors import InputError
from catalogtool.package import (
    TABLE_FIELDS,
    build_package,
    check_workspace,
    package_name,
    safe_name,
)
from catalogtool.package_verify import verify_package
from catalogtool.provinces import find_province
from catalogtool.validate import load_catalog
from catalogtool.workbook import row_height, write_catalog_xlsx

SOURCE = SAMPLE / "provinces" / "JS" / "catalog.source.yaml"
CLASSIFICATION = REFERENCE / "noc2022" / "classification.csv"
TODAY = "2026-05-01"
NAME = "JS-2026"


def copy_sample(target: Path) -> Path:
    shutil.copytree(SAMPLE, target)
    return target


def source_rows() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = YAML(typ="safe").load(SOURCE.read_text("utf-8"))["rows"]
    return rows


def all_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample workspace with its package built by `catalogtool package` (once for this module)."""
    root = copy_sample(tmp_path_factory.mktemp("built") / "ws")
    result = subprocess.run(
        [sys.executable, "-m", "catalogtool", "package", "--province", "JS", "--today", TODAY],
        cwd=root,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "LANG": "C.UTF-8", "CATALOGTOOL_LANG": "en"},
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[0] == f"wrote {root / 'dist' / NAME}/ (14 files)"
    return root


@pytest.fixture
def package(built: Path) -> Path:
    return built / "dist" / NAME


# --- what is in it --------------------------------------------------------------------------------


def test_the_package_holds_every_document_and_nothing_else(built: Path, package: Path) -> None:
    assert sorted(p.name for p in (built / "dist").iterdir()) == [NAME, f"{NAME}.zip"]
    assert sorted(p.name for p in package.iterdir()) == [
        "SHA256SUMS",
        "catalog-data.json",
        "catalog.csv",
        "catalog.xlsx",
        "consultation.json",
        "consultation.xlsx",
        "datapackage.json",
        "drafting-explanation.docx",
        "filing-report.docx",
        "high-end-standards.json",
        "high-end-standards.xlsx",
        "opinion-adoption.xlsx",
        "validation-data.json",
        "validation-report.txt",
    ]


def test_every_hash_and_size_in_datapackage_json_matches_its_file(package: Path) -> None:
    descriptor = json.loads((package / "datapackage.json").read_text("utf-8"))
    assert descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    described = []
    for resource in descriptor["resources"]:
        data = (package / resource["path"]).read_bytes()
        assert resource["bytes"] == len(data)
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        described.append(resource["path"])
    assert sorted(described) == sorted(
        p.name for p in package.iterdir() if p.name not in ("datapackage.json", "SHA256SUMS")
    )
    media = {r["path"]: r["mediatype"] for r in descriptor["resources"]}
    assert media["catalog.xlsx"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert (
        media["filing-report.docx"]
        == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert media["catalog.csv"] == "text/csv"
    assert media["catalog-data.json"] == "application/json"


def test_sha256sums_lists_every_other_file_sorted_in_sha256sum_format(package: Path) -> None:
    lines = (package / "SHA256SUMS").read_text("utf-8").splitlines()
    names = [line.split("  ", 1)[1] for line in lines]
    assert names == sorted(p.name for p in package.iterdir() if p.name != "SHA256SUMS")
    for line in lines:
        digest, name = line.split("  ", 1)
        assert digest == hashlib.sha256((package / name).read_bytes()).hexdigest()
    if shutil.which("sha256sum"):
        check = subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=package, check=False)
        assert check.returncode == 0


def test_the_zip_holds_the_folder_with_sorted_members_and_fixed_times(built: Path, package: Path) -> None:
    with zipfile.ZipFile(built / "dist" / f"{NAME}.zip") as archive:
        infos = archive.infolist()
        names = [i.filename for i in infos]
        assert names == sorted(f"{NAME}/{p.name}" for p in package.iterdir())
        assert {i.date_time for i in infos} == {(2026, 7, 1, 0, 0, 0)}
        for info in infos:
            assert archive.read(info) == (package / info.filename.split("/", 1)[1]).read_bytes()


def test_the_catalog_csv_follows_its_table_schema_and_the_source_rows(package: Path) -> None:
    descriptor = json.loads((package / "datapackage.json").read_text("utf-8"))
    (resource,) = [r for r in descriptor["resources"] if r["path"] == "catalog.csv"]
    assert resource["type"] == "table"
    assert [f["name"] for f in resource["schema"]["fields"]] == [f.name for f in TABLE_FIELDS]
    rows = list(csv.DictReader(io.StringIO((package / "catalog.csv").read_text("utf-8"))))
    source = source_rows()
    assert [r["position"] for r in rows] == [s["position"] for s in source]
    assert [r["occupation_codes"] for r in rows] == [";".join(s.get("occupation_codes", [])) for s in source]  # type: ignore[arg-type]
    assert (
        rows[0]["education"] == "master" and rows[0]["salary_multiple"] == "4" and rows[0]["age_max"] == "60"
    )


def test_frictionless_finds_the_catalog_table_valid(package: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.Package(str(package / "datapackage.json")).get_resource("catalog-csv").validate()
    assert report.valid, report.flatten(["type", "message"])


def test_frictionless_validate_finds_the_whole_package_valid(package: Path) -> None:
    # What a receiving office runs: every resource, the workbooks and the JSON documents included.
    pytest.importorskip("frictionless")
    result = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", "--json", "datapackage.json"],
        cwd=package,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    report = json.loads(result.stdout)
    problems = [(t["name"], t["errors"][:3]) for t in report["tasks"] if not t["valid"]]
    assert result.returncode == 0 and report["valid"], problems
    kinds = {t["name"]: t["type"] for t in report["tasks"]}
    assert kinds["catalog-xlsx"] == kinds["consultation-xlsx"] == "table"
    assert kinds["catalog-data-json"] == kinds["validation-data-json"] == "json"


def test_resource_types_and_dialects_keep_to_data_package_v2(package: Path) -> None:
    resources = {
        r["path"]: r for r in json.loads((package / "datapackage.json").read_text("utf-8"))["resources"]
    }
    # Data Package v2 knows one resource type, "table"; anything else fails its profile.
    assert {p for p, r in resources.items() if "type" in r} == {
        "catalog.csv",
        "catalog.xlsx",
        "high-end-standards.xlsx",
        "consultation.xlsx",
        "opinion-adoption.xlsx",
    }
    assert {r["type"] for r in resources.values() if "type" in r} == {"table"}
    catalog = resources["catalog.xlsx"]
    assert catalog["dialect"] == {"sheetName": "指导目录", "header": False, "commentRows": [1, 2, 3, 4]}
    assert [f["name"] for f in catalog["schema"]["fields"]][:3] == [
        "seq",
        "subcategory_code",
        "subcategory_name",
    ]
    assert catalog["schema"]["fields"][6]["title"] == "能力要求 › 学历（学位）"
    consultation = resources["consultation.xlsx"]
    assert consultation["dialect"] == {"sheetName": "征求意见", "headerRows": [3]}
    assert [f["name"] for f in consultation["schema"]["fields"]] == [
        "序号",
        "单位名称",
        "类别",
        "征求意见日期",
        "意见摘要",
        "是否采纳",
        "处理情况",
    ]


def test_the_print_ready_workbook_has_the_title_validity_line_and_page_setup(package: Path) -> None:
    wb = openpyxl.load_workbook(package / "catalog.xlsx")
    ws = wb.active
    assert ws is not None
    assert ws["A1"].value == "江苏省外国人来华工作指导目录（2026年版）"
    assert ws["A2"].value == "有效期：自2026年7月1日起至2030年6月30日止"
    assert ws.page_setup.orientation == "landscape"
    assert ws.max_row == 4 + len(source_rows())
    assert wb.properties.created == dt.datetime(2026, 7, 1)


def test_the_consultation_record_lists_who_when_what_and_the_outcome(package: Path) -> None:
    ws = openpyxl.load_workbook(package / "consultation.xlsx").active
    assert ws is not None
    header = [c.value for c in ws[3]]
    assert header == ["序号", "单位名称", "类别", "征求意见日期", "意见摘要", "是否采纳", "处理情况"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4)]
    outcomes = Counter(r[5] for r in rows)
    assert outcomes == Counter({"采纳": 6, "未采纳": 2, None: 4})  # 4 parties gave no opinion
    assert ["江苏省人才流动服务中心", "人力资源服务机构", "2026-03-18"] in [r[1:4] for r in rows]


def test_the_json_documents_carry_the_workspace_files(package: Path) -> None:
    standards = json.loads((package / "high-end-standards.json").read_text("utf-8"))
    assert [s["id"] for s in standards["standards"]] == [f"JS-A-0{i}" for i in range(1, 7)]
    catalog = json.loads((package / "catalog-data.json").read_text("utf-8"))
    assert catalog["validity"] == {
        "effective_date": "2026-07-01",
        "validity_years": 4,
        "expiry_date": "2030-06-30",
        "text": "有效期：自2026年7月1日起至2030年6月30日止",
    }
    assert len(catalog["rows"]) == len(source_rows())
    report = json.loads((package / "validation-data.json").read_text("utf-8"))
    assert report["valid"] is True
    assert "provinces/JS/catalog.xlsx" in (package / "validation-report.txt").read_text("utf-8")


# --- the documents' numbers come from the data ----------------------------------------------------


def paragraphs(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def tables(path: Path) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in t.rows] for t in docx.Document(str(path)).tables]


def test_the_drafting_explanation_states_the_statistics_of_the_data(package: Path) -> None:
    rows = source_rows()
    text = paragraphs(package / "drafting-explanation.docx")
    occupations = {c for r in rows for c in r.get("occupation_codes", [])}  # type: ignore[attr-defined]
    subcategories = {r["subcategory_code"] for r in rows}
    majors = Counter(str(r["subcategory_code"]).split("-")[0] for r in rows)
    assert (
        f"共列入{len(rows)}个岗位，涉及{len(subcategories)}个职业小类、{len(occupations)}个职业（细类）代码，"
        f"分布在{len(majors)}个大类" in text
    )
    found = tables(package / "drafting-explanation.docx")
    by_major = next(t for t in found if t[0] == ["大类代码", "大类名称", "岗位数", "涉及小类数"])
    assert {r[0]: int(r[2]) for r in by_major[1:]} == dict(majors)
    by_industry = next(t for t in found if t[0] == ["产业领域", "岗位数", "占比"])
    assert {r[0]: int(r[1]) for r in by_industry[1:]} == dict(Counter(str(r["industry"]) for r in rows))
    assert sum(int(r[1]) for r in by_industry[1:]) == len(rows)


def test_green_and_digital_counts_agree_with_the_reference_classification(package: Path) -> None:
    flags = {r["code"]: r for r in csv.DictReader(CLASSIFICATION.open(encoding="utf-8"))}
    listed = {c for r in source_rows() for c in r.get("occupation_codes", [])}  # type: ignore[attr-defined]
    green = sum(1 for c in listed if flags[c]["green"] == "yes")
    digital = sum(1 for c in listed if flags[c]["digital"] == "yes")
    text = paragraphs(package / "drafting-explanation.docx")
    assert (
        f"目录所列{len(listed)}个职业（细类）代码中，绿色职业（L）{green}个，数字职业（S）{digital}个" in text
    )


def test_requirements_are_compared_with_the_national_baseline(package: Path) -> None:
    rows = source_rows()
    doctorate = sum(1 for r in rows if str(r["education"]).startswith("博士"))
    bachelor = sum(1 for r in rows if str(r["education"]).startswith("学士"))
    text = paragraphs(package / "drafting-explanation.docx")
    assert f"学历：与学士基准相比，高于基准{len(rows) - bachelor}个、与基准相同{bachelor}个。" in text
    assert re.search(r"[^0-9]0个", text) is None  # a zero count is left out, not printed
    edu = next(t for t in tables(package / "drafting-explanation.docx") if t[0][0] == "学历（学位）要求")
    assert ["博士", str(doctorate)] in edu
    assert "所有岗位的要求均不低于国家B类基准。" in text


RELAXED_NOTES = "急需紧缺，经省人才办同意适当放宽学历、经历和年龄要求"


@pytest.fixture(scope="module")
def relaxed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The drafting explanation of the sample with row 1 stating no age limit and no salary, and row 2
    below the baseline with its justification in notes."""

    def relax(rows: list[dict[str, object]]) -> None:
        del rows[0]["age_max"], rows[0]["salary"]
        rows[1].update(education="大专", experience_years="1年", age_max="65周岁以下", notes=RELAXED_NOTES)

    root = sample_with_rows(tmp_path_factory.mktemp("relaxed") / "ws", relax)
    checked = check_workspace(root, "JS", dt.date.fromisoformat(TODAY))
    assert checked.report.valid
    found = {f.rule for fr in checked.report.files for f in fr.findings}
    assert "CT307" in found and "CT306" not in found
    result = build_package(checked, root / "dist")
    return result.folder / "drafting-explanation.docx"


def test_an_unstated_optional_requirement_is_not_reported_as_unrecognised(relaxed: Path) -> None:
    rows = source_rows()
    text = paragraphs(relaxed)
    assert "未能识别" not in text
    assert f"年龄：与60周岁上限相比，与基准一致{len(rows) - 2}个、有所放宽1个、未作规定1个。" in text
    salaried = sum(1 for r in rows[1:] if "salary" in r)
    assert f"薪酬：{salaried}个岗位规定了薪酬要求" in text
    assert f"其余{len(rows) - salaried}个岗位未规定薪酬要求。" in text


def test_rows_below_the_baseline_are_listed_with_their_justification(relaxed: Path) -> None:
    text = paragraphs(relaxed)
    assert "理由见目录备注栏" not in text
    # One row: named in the sentence, not in a one-row table.
    assert (
        "共有1个岗位的要求低于国家B类基准：序号2“集成电路工艺整合工程师”（2-02-38 数字技术工程技术人员）"
        "学历降为大专（基准学士）、工作经历缩短为1年（基准2年）、年龄上限提高到65周岁（基准60周岁），"
        f"理由：{RELAXED_NOTES}。" in text
    )
    assert not [t for t in tables(relaxed) if "放宽的要求" in t[0]]


def test_the_filing_report_summarises_consultation_validity_and_attachments(package: Path) -> None:
    text = paragraphs(package / "filing-report.docx")
    assert text.startswith(
        "关于《江苏省外国人来华工作指导目录\n（2026年版）》的备案报告\n人力资源社会保障部（国家外国专家局）："
    )
    assert "根据人力资源社会保障部办公厅2025年9月30日印发的通知和国家外国专家局、" in text
    assert (
        "目录已按《中华人民共和国职业分类大典（2022年版）》及2024年7月、2025年7月增补职业逐行校验，"
        "共39行，未发现错误或警告。" in text
    )
    assert "catalogtool" not in text and "NOC" not in text
    assert (
        "共征求12家单位的意见（行业协会3家、人力资源服务机构2家、政府有关部门4家、用人单位2家、社会公众1家）"
        in text
    )
    assert "收到意见8条，采纳6条，未采纳2条" in text
    assert "目录自2026年7月1日起施行，有效期4年，至2030年6月30日止。" in text
    assert "1. 《江苏省外国人来华工作指导目录（2026年版）》（catalog.xlsx）" in text
    core = docx.Document(str(package / "filing-report.docx")).core_properties
    assert core.created == core.modified == dt.datetime(2026, 7, 1, tzinfo=dt.UTC)


def test_the_documents_keep_headings_with_their_text_and_tables_whole(package: Path) -> None:
    document = docx.Document(str(package / "drafting-explanation.docx"))
    assert document.paragraphs[0].text == "《江苏省外国人来华工作指导目录\n（2026年版）》起草说明"
    assert "catalogtool" not in paragraphs(package / "drafting-explanation.docx")
    body = list(document.element.body)
    headings = [p for p in document.paragraphs if p.text[:2] in ("一、", "二、", "三、", "（一", "（四")]
    assert len(headings) == 5 and all(p.paragraph_format.keep_with_next for p in headings)
    assert (
        len(document.tables) == 6
    )  # adoption by kind of party, not adopted, majors, industries, L/S, education
    for table in document.tables:
        lead = body[body.index(table._tbl) - 1]
        assert lead.pPr is not None and lead.pPr.keepNext is not None  # the line that introduces it
        follows = body[body.index(table._tbl) + 1]
        assert follows.pPr is not None and follows.pPr.spacing.before > 0
        rows = [row._tr.trPr for row in table.rows]
        assert rows[0].xpath("w:tblHeader") and not rows[0].xpath("w:cantSplit")
        assert all(tr.xpath("w:cantSplit") and not tr.xpath("w:tblHeader") for tr in rows[1:])
    by_major = next(t for t in document.tables if t.rows[0].cells[0].text == "大类代码")
    code, name, *_ = (cell.width for cell in by_major.rows[1].cells)
    assert code < name  # a narrow code column, a wide name column
    assert sum(c.width for c in by_major.rows[1].cells) == pytest.approx(docx.shared.Mm(156), rel=1e-3)


def test_the_xlsx_tables_fit_each_row_to_its_text_in_chinese_fonts(package: Path) -> None:
    ws = openpyxl.load_workbook(package / "high-end-standards.xlsx").active
    assert ws is not None
    assert ws["A1"].font.name == ws["C3"].font.name == "黑体"
    assert {ws.cell(r, c).font.name for r in range(4, ws.max_row + 1) for c in range(1, 6)} == {"宋体"}
    heights = {r: ws.row_dimensions[r].height for r in range(4, ws.max_row + 1)}
    one_line = row_height(["一"], [10], font_size=11)
    assert heights[4] == one_line  # 入选省级以上人才计划的外籍人才: one line
    assert heights[7] > one_line  # the 创新创业人才 standard wraps in its 60-unit column
    assert all(ws.cell(r, 3).alignment.wrap_text for r in heights)
    assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"


@given(st.text(alphabet="江苏省外国人来华工作指导目录关于的备案报告起草说明（）《》年版0123456789"))
def test_a_title_breaks_only_before_its_edition(text: str) -> None:
    lines = filing_docs.title_lines(text)
    assert "".join(lines) == text
    if len(lines) == 2:
        assert lines[1].startswith("（") and "年版）" in lines[1][:8]


# --- reproducible, atomic, contained --------------------------------------------------------------


def test_a_later_build_of_the_same_inputs_is_byte_identical(built: Path, tmp_path: Path) -> None:
    again = copy_sample(tmp_path / "again")
    time.sleep(1.1)  # zip times have a two-second resolution; a new second must not leak in
    later = time.time() + 3600
    for path in again.rglob("*"):
        os.utime(path, (later, later))
    checked = check_workspace(again, "JS", dt.date.fromisoformat(TODAY))
    result = build_package(checked, tmp_path / "out")
    assert result.zip.read_bytes() == (built / "dist" / f"{NAME}.zip").read_bytes()


def test_a_catalog_with_errors_writes_nothing(run_cli: RunCli, tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "ws")
    folder = root / "provinces" / "JS"
    (folder / "province.yaml").write_text(
        (folder / "province.yaml")
        .read_text("utf-8")
        .replace("catalog: catalog.xlsx", "catalog: catalog.csv"),
        "utf-8",
    )
    header = "序号,小类代码,小类名称,相关职业代码,岗位名称,产业领域,学历（学位）,工作经历（年）,专业技能,年龄要求\n"
    body = (
        "1,2-02-38,数字技术工程技术人员,2-02-38-09,芯片设计工程师,集成电路,硕士,3,熟悉芯片设计,60周岁以下\n"
        "2,2-02-45,新兴技术工程技术人员,,量子计算工程师,集成电路,博士,3,熟悉量子计算,60周岁以下\n"
    )
    (folder / "catalog.csv").write_bytes((header + body).encode("gb18030"))
    before = all_files(root)
    result = run_cli("package", "--province", "JS", "--workspace", root, "--today", TODAY)
    assert result.returncode == 1, result.stderr
    assert "CT201" in result.stdout and "catalog.csv" in result.stdout
    assert result.stderr.strip() == "catalogtool: no package written: fix the errors above first."
    assert all_files(root) == before  # no dist folder, nothing else


def test_a_consultation_without_hr_service_agencies_blocks_the_package(
    run_cli: RunCli, tmp_path: Path
) -> None:
    root = copy_sample(tmp_path / "ws")
    path = root / "provinces" / "JS" / "consultation.yaml"
    path.write_text(path.read_text("utf-8").replace("type: hr_service_agency", "type: employer"), "utf-8")
    result = run_cli(
        "package", "--province", "JS", "--workspace", root, "--today", TODAY, "--out", tmp_path / "out"
    )
    assert result.returncode == 1
    assert (
        "No human resources service agency (hr_service_agency) among the consulted parties." in result.stdout
    )
    assert not (tmp_path / "out").exists()


def test_a_catalog_without_rows_blocks_the_package(run_cli: RunCli, tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "ws")
    catalog = root / "provinces" / "JS" / "catalog.xlsx"
    write_catalog_xlsx(
        catalog, [], title="江苏省外国人来华工作指导目录", validity_line=None, codes=load_code_list()
    )
    before = all_files(tmp_path)
    result = run_cli("package", "--province", "JS", "--workspace", root, "--today", TODAY, "--lang", "en")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "CT107" in result.stdout  # the file-level warning…
    assert "The catalog has no rows: there is nothing to file." in result.stdout  # …and the error
    assert result.stderr.strip() == "catalogtool: no package written: fix the errors above first."
    assert all_files(tmp_path) == before


def test_the_example_row_of_a_new_workspace_blocks_the_package(run_cli: RunCli, tmp_path: Path) -> None:
    root = tmp_path / "ws"
    assert run_cli("new", "--province", "JS", "--workspace", root, "--edition", "2026").returncode == 0
    for name in ("province.yaml", "consultation.yaml", "high-end-standards.yaml"):
        shutil.copy(SAMPLE / "provinces" / "JS" / name, root / "provinces" / "JS" / name)
    before = all_files(tmp_path)
    found = run_cli("validate", "--province", "JS", "--workspace", root, "--today", TODAY, "--format", "json")
    assert found.returncode == 1
    report = json.loads(found.stdout)
    assert report["summary"]["by_rule"] == {"CT519": 1}
    assert [(f["rule"], f["severity"], f["cell"]) for f in report["files"][0]["findings"]] == [
        ("CT519", "error", "M5")
    ]
    result = run_cli("package", "--province", "JS", "--workspace", root, "--today", TODAY, "--lang", "en")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Row 5 is still the template's example row" in result.stdout
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == "catalogtool: no package written: fix the errors above first."
    assert all_files(tmp_path) == before


@pytest.fixture
def fail_midway(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Make the drafting explanation writer fail after part of the package is written."""

    def boom(*args: object, **kwargs: object) -> bytes:
        raise KeyboardInterrupt

    monkeypatch.setattr(filing_docs, "drafting_explanation_docx", boom)
    yield


def test_an_interrupted_build_leaves_nothing_behind(tmp_path: Path, fail_midway: None) -> None:
    root = copy_sample(tmp_path / "ws")
    before = all_files(tmp_path)
    checked = check_workspace(root, "JS", dt.date.fromisoformat(TODAY))
    with pytest.raises(KeyboardInterrupt):
        build_package(checked, tmp_path / "deep" / "dist")
    assert all_files(tmp_path) == before


def test_an_interrupted_rebuild_keeps_the_old_package(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "dist"
    shutil.copytree(built / "dist", out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    checked = check_workspace(built, "JS", dt.date.fromisoformat(TODAY))
    monkeypatch.setattr(
        filing_docs, "filing_report_docx", lambda *a, **k: (_ for _ in ()).throw(OSError("disk full"))
    )
    with pytest.raises(InputError, match=f"cannot write {out}.*: disk full"):
        build_package(checked, out)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in out.iterdir()) == [NAME, f"{NAME}.zip"]


def test_a_hostile_edition_is_refused(run_cli: RunCli, tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "ws")
    path = root / "provinces" / "JS" / "province.yaml"
    path.write_text(path.read_text("utf-8").replace('edition: "2026"', 'edition: "../../x"'), "utf-8")
    before = all_files(tmp_path)
    result = run_cli("package", "--province", "JS", "--workspace", root, "--today", TODAY, "--lang", "en")
    assert result.returncode == 1, result.stderr
    assert "CT516" in result.stdout and "edition: has an unexpected form" in result.stdout
    assert all_files(tmp_path) == before


def test_a_hostile_edition_cannot_leave_the_output_folder(tmp_path: Path) -> None:
    # Defence in depth: even an edition the schema check missed is sanitised into the output folder.
    checked = check_workspace(copy_sample(tmp_path / "ws"), "JS", dt.date.fromisoformat(TODAY))
    ws = dataclasses.replace(checked.ws, meta=dataclasses.replace(checked.ws.meta, edition="../../x"))
    result = build_package(dataclasses.replace(checked, ws=ws), tmp_path / "out")
    assert result.folder == tmp_path / "out" / "JS-x"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "ws"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["JS-x", "JS-x.zip"]


@given(st.text())
def test_safe_names_are_plain_file_names(text: str) -> None:
    name = safe_name(text, "edition")
    assert name and len(name) <= 40
    assert all(c.isascii() and (c.isalnum() or c in "._-") for c in name)
    assert not name.startswith((".", "-")) and not name.endswith((".", "-"))
    assert package_name(find_province("JS"), text).startswith("JS-")


# --- --check ----------------------------------------------------------------------------------------


def test_check_accepts_an_intact_package(run_cli: RunCli, built: Path) -> None:
    result = run_cli("package", "--province", "JS", "--check", cwd=built)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[0] == f"package OK: {built / 'dist' / NAME}/ and {NAME}.zip"


def test_check_verifies_the_zip_on_its_own_when_the_folder_is_gone(
    run_cli: RunCli, built: Path, tmp_path: Path
) -> None:
    out = tmp_path / "dist"
    shutil.copytree(built / "dist", out)
    shutil.rmtree(out / NAME)  # only the zip is sent: it must be checkable alone
    result = run_cli("package", "--province", "JS", "--workspace", built, "--out", out, "--check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        result.stdout.splitlines()[0]
        == f"package OK: {out / NAME}.zip (checked on its own: there is no folder)"
    )
    zh = run_cli("package", "--province", "JS", "--workspace", built, "--out", out, "--check", "--lang", "zh")
    assert zh.stdout.splitlines()[0] == f"报备材料完好：{out / NAME}.zip（未见同名文件夹，已单独校验压缩包）"


def test_check_takes_the_package_itself_as_a_receiver_holds_it(
    run_cli: RunCli, built: Path, tmp_path: Path
) -> None:
    """The ministry has the zip a province sent, under any name, and no workspace: `package --check
    PACKAGE` verifies it (or a folder); a damaged one fails; a path without --check is a usage error."""
    received = tmp_path / "received"
    received.mkdir()
    zip_path = shutil.copy(built / "dist" / f"{NAME}.zip", received / "江苏省报备材料.zip")
    result = run_cli("package", "--check", zip_path, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[0] == f"package OK: {zip_path} (checked on its own: there is no folder)"
    assert "rebuild" not in result.stdout  # no workspace to rebuild from
    folder = run_cli("package", "--check", built / "dist" / NAME, cwd=tmp_path)
    assert folder.returncode == 0, folder.stdout + folder.stderr
    assert folder.stdout.splitlines()[0] == f"package OK: {built / 'dist' / NAME}/ and {NAME}.zip"

    def tamper(name: str, data: bytes) -> bytes | None:
        return (
            data.replace("人才计划".encode(), "人材计划".encode())
            if name.endswith("standards.json")
            else data
        )

    rewrite_zip(zip_path, tamper, {})
    damaged = run_cli("package", "--check", zip_path, cwd=tmp_path)
    assert damaged.returncode == 1 and "package check failed" in damaged.stderr
    no_check = run_cli("package", zip_path, cwd=tmp_path)
    assert no_check.returncode == 2 and "a package path is for --check" in no_check.stderr
    missing = run_cli("package", "--check", tmp_path / "nope.zip", cwd=tmp_path)
    assert (missing.returncode, missing.stderr) == (
        2,
        f"catalogtool: {tmp_path / 'nope.zip'}: no such package\n",
    )


def rewrite_zip(path: Path, change: Callable[[str, bytes], bytes | None], extra: dict[str, bytes]) -> None:
    """Rewrite a zip member by member: ``change`` returns the new bytes, or None to drop the member."""
    with zipfile.ZipFile(path) as archive:
        members = [(i.filename, archive.read(i)) for i in archive.infolist()]
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members:
            new = change(name, data)
            if new is not None:
                archive.writestr(name, new)
        for name, data in extra.items():
            archive.writestr(name, data)


def test_check_names_what_is_wrong_inside_a_zip_on_its_own(
    run_cli: RunCli, built: Path, tmp_path: Path
) -> None:
    out = tmp_path / "dist"
    shutil.copytree(built / "dist", out)
    shutil.rmtree(out / NAME)

    def tamper(name: str, data: bytes) -> bytes | None:
        if name.endswith("/high-end-standards.json"):
            return data.replace("人才计划".encode(), "人材计划".encode())
        return None if name.endswith("/filing-report.docx") else data

    rewrite_zip(out / f"{NAME}.zip", tamper, {"evil/../x.txt": b"x"})
    result = run_cli("package", "--province", "JS", "--workspace", built, "--out", out, "--check")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    # first what package_trust proves about the zip itself, then each member's problems
    assert lines[0].startswith(f"{NAME}.zip is not the zip catalogtool writes for these files")
    assert lines[1:6] == [
        f"{NAME}.zip: evil/../x.txt is outside the folder {NAME}/",
        f"{NAME}.zip: filing-report.docx is listed in SHA256SUMS but missing",
        f"{NAME}.zip: high-end-standards.json: SHA-256 differs from SHA256SUMS",
        f"{NAME}.zip: high-end-standards.json: SHA-256 differs from datapackage.json",
        f"{NAME}.zip: filing-report.docx is described in datapackage.json but missing",
    ]
    assert f"{NAME}.zip: filing-report.docx is missing (the workspace builds it)" in lines
    assert result.stderr.strip() == f"catalogtool: package check failed: {len(lines)} problem(s)"


def test_a_schema_violation_inside_a_zip_on_its_own_is_named(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    shutil.copytree(built / "dist", out)
    shutil.rmtree(out / NAME)
    bad = b'{"parties": [{"name": "x", "type": "y"}]}'
    rewrite_zip(out / f"{NAME}.zip", lambda n, d: bad if n.endswith("/consultation.json") else d, {})
    problems = [p.message_en for p in verify_package(out / NAME, out / f"{NAME}.zip")]
    assert f"{NAME}.zip: consultation.json: SHA-256 differs from SHA256SUMS" in problems
    assert any(
        p.startswith(f"{NAME}.zip: consultation.json: party 1, type: must be one of") for p in problems
    )


def test_check_without_folder_or_zip_is_unusable_input(run_cli: RunCli, built: Path, tmp_path: Path) -> None:
    result = run_cli("package", "--province", "JS", "--workspace", built, "--out", tmp_path, "--check")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"catalogtool: no package at {tmp_path / NAME} or {tmp_path / NAME}.zip "
        "(build it with `catalogtool package`)"
    )


def test_check_names_a_tampered_file(run_cli: RunCli, built: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    shutil.copytree(built / "dist", out)
    target = out / NAME / "high-end-standards.json"
    target.write_bytes(target.read_bytes().replace("人才计划".encode(), "人材计划".encode()))
    result = run_cli("package", "--province", "JS", "--workspace", built, "--out", out, "--check")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "high-end-standards.json: SHA-256 differs from SHA256SUMS",
        "high-end-standards.json: SHA-256 differs from datapackage.json",
        "high-end-standards.json differs from a rebuild of the workspace (--today "
        f"{dt.date.today().isoformat()})",
        f"{NAME}.zip: {NAME}/high-end-standards.json differs from the folder",
    ]
    assert result.stderr.strip() == "catalogtool: package check failed: 4 problem(s)"


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (
            lambda p: (p / "catalog-data.json").unlink(),
            "catalog-data.json is listed in SHA256SUMS but missing",
        ),
        (lambda p: (p / "extra.txt").write_text("x"), "extra.txt is not listed in SHA256SUMS"),
        (
            lambda p: (p / "consultation.json").write_text('{"parties": [{"name": "x", "type": "y"}]}'),
            "consultation.json: party 1, type: must be one of",
        ),
    ],
)
def test_verify_reports_missing_extra_and_invalid_files(
    built: Path, tmp_path: Path, damage: Callable[[Path], object], expected: str
) -> None:
    out = tmp_path / "dist"
    shutil.copytree(built / "dist", out)
    damage(out / NAME)
    problems = [p.message_en for p in verify_package(out / NAME, out / f"{NAME}.zip")]
    assert any(p.startswith(expected) for p in problems), problems


def test_the_sample_workbook_is_reproducible_and_holds_its_source_rows(tmp_path: Path) -> None:
    script = REPO / "scripts" / "make_sample.py"
    for name in ("a.xlsx", "b.xlsx"):
        subprocess.run(
            [sys.executable, str(script), "--out", str(tmp_path / name)], check=True, capture_output=True
        )
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    committed = load_catalog(SAMPLE / "provinces" / "JS" / "catalog.xlsx").rows
    fields = ("subcategory_code", "subcategory_name", "position", "industry", "education", "skills")
    assert [tuple(r.raw.get(f, "") for f in fields) for r in committed] == [
        tuple(str(s.get(f, "")) for f in fields) for s in source_rows()
    ]
