"""The Word documents the tool writes (filing package, 征求意见稿): their document properties, no
leftovers of python-docx's template, the same bytes for the same inputs. The comparison report is
checked in test_compare.py with the same helper (docx_checks.assert_clean)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from conftest import SAMPLE, RunCli, sample_with_rows
from docx_checks import assert_clean, core, parts

TODAY = "2026-05-01"
AUTHORITY = "江苏省人力资源和社会保障厅"
CATALOG_TITLE = "江苏省外国人来华工作指导目录（2026年版）"
PACKAGE = Path("dist") / "JS-2026"
LETTER = Path("consult") / "JS-2026" / "征求意见稿.docx"
STAMP = "2026-07-01T00:00:00Z"  # the package date: the catalog's effective date, not the clock


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Jiangsu sample with its filing package and its consultation forms written."""
    from conftest import run_in_process

    root = tmp_path_factory.mktemp("docx") / "ws"
    shutil.copytree(SAMPLE, root)
    package = run_in_process("package", "--province", "JS", "--workspace", root, "--today", TODAY)
    assert package.returncode == 0, package.stderr
    forms = run_in_process("consult", "forms", "--province", "JS", "--workspace", root)
    assert forms.returncode == 0, forms.stderr
    return root


def first_line(path: Path) -> str:
    """The document's title as set (its line break removed)."""
    return docx.Document(str(path)).paragraphs[0].text.replace("\n", "")


@pytest.mark.parametrize(
    ("name", "title", "kind", "category"),
    [
        ("drafting-explanation.docx", f"《{CATALOG_TITLE}》起草说明", "起草说明", "备案材料"),
        ("filing-report.docx", f"关于《{CATALOG_TITLE}》的备案报告", "备案报告", "备案材料"),
    ],
)
def test_the_package_documents_carry_their_title_and_the_authority(
    workspace: Path, name: str, title: str, kind: str, category: str
) -> None:
    path = workspace / PACKAGE / name
    props = assert_clean(path)
    assert props == {
        "title": title,
        "subject": CATALOG_TITLE,
        "creator": AUTHORITY,
        "keywords": f"外国人来华工作指导目录; {kind}; 江苏省; 2026",
        "category": category,
        "language": "zh-CN",
        "lastModifiedBy": AUTHORITY,
        "revision": "1",
        "created": STAMP,
        "modified": STAMP,
    }
    assert first_line(path) == title
    app = parts(path)["docProps/app.xml"].decode()
    assert f"<Company>{AUTHORITY}</Company>" in app


def test_the_consultation_draft_carries_its_title_and_the_authority(workspace: Path) -> None:
    path = workspace / LETTER
    props = assert_clean(path)
    title = f"关于征求《{CATALOG_TITLE}》（征求意见稿）意见的函"
    assert props["title"] == first_line(path) == title
    assert props["creator"] == props["lastModifiedBy"] == AUTHORITY
    assert props["category"] == "征求意见稿"
    assert props["created"] == props["modified"] == "2026-03-01T00:00:00Z"  # start of the consultation
    # The attachments hang after 附件：, so a wrapped title and item 2 line up under item 1.
    (attachments,) = [p for p in docx.Document(str(path)).paragraphs if p.text.startswith("附件：")]
    assert attachments.text.endswith("\n2. 意见反馈表（Excel）")
    fmt = attachments.paragraph_format
    assert fmt.left_indent == -fmt.first_line_indent == docx.shared.Pt(48)


def test_the_same_inputs_give_the_same_document_bytes(
    workspace: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    again = tmp_path / "again"
    shutil.copytree(SAMPLE, again)
    assert run_cli("package", "--province", "JS", "--workspace", again, "--today", TODAY).returncode == 0
    assert run_cli("consult", "forms", "--province", "JS", "--workspace", again).returncode == 0
    for name in ("drafting-explanation.docx", "filing-report.docx"):
        assert (again / PACKAGE / name).read_bytes() == (workspace / PACKAGE / name).read_bytes()
    assert (again / LETTER).read_bytes() == (workspace / LETTER).read_bytes()


def test_another_package_date_changes_only_the_recorded_dates(workspace: Path, tmp_path: Path) -> None:
    """The date the documents record is the package date: a later effective date is what moves it."""
    from conftest import run_in_process

    later = tmp_path / "later"
    shutil.copytree(SAMPLE, later)
    meta = later / "provinces" / "JS" / "province.yaml"
    meta.write_text(meta.read_text("utf-8").replace("2026-07-01", "2026-08-01"), "utf-8")
    result = run_in_process("package", "--province", "JS", "--workspace", later, "--today", TODAY)
    assert result.returncode == 0, result.stderr
    props = core(later / PACKAGE / "filing-report.docx")
    assert props["created"] == props["modified"] == "2026-08-01T00:00:00Z"


# --- the legal basis: province.yaml basis:, cited by date and issuer ------------------------------

DEFAULT_2025 = "人力资源社会保障部办公厅2025年9月30日印发的通知"
DEFAULT_2017 = (
    "国家外国专家局、人力资源社会保障部、外交部、公安部2017年3月28日印发的"
    "《外国人来华工作分类标准（试行）》（外专发〔2017〕40号）"
)
#: A document title that was never found in the sources: it must never be printed as fact.
GUESSED_TITLE = "《关于进一步优化外国"


def body(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def with_basis(root: Path, basis: str | None) -> Path:
    """The sample workspace at ``root`` with ``basis`` instead of the sample's own (its last block)."""
    shutil.copytree(SAMPLE, root)
    meta = root / "provinces" / "JS" / "province.yaml"
    text = meta.read_text("utf-8")
    text = text[: text.index("# 起草依据")]
    assert "basis" not in text
    meta.write_text(text.replace("catalog: catalog.xlsx", (basis or "") + "catalog: catalog.xlsx"), "utf-8")
    return root


CUSTOM = """basis:
  - date: 2026-02-10
    issuer: 江苏省人民政府办公厅
    kind: 意见
    description: 要求在集成电路等重点产业加快引进外国专业人才。
  - date: 2025-09-30
    issuer: 人力资源社会保障部办公厅
    title: 《某某通知》
    number: 人社厅发〔2025〕1号
    description: 试用的标题和文号
"""


def test_new_prefills_the_basis_by_date_and_issuer(run_cli: RunCli, tmp_path: Path) -> None:
    from ruamel.yaml import YAML

    assert run_cli("new", "-p", "JS", "-w", tmp_path, "--edition", "2027").returncode == 0
    path = tmp_path / "provinces" / "JS" / "province.yaml"
    basis = YAML(typ="safe").load(path.read_text("utf-8"))["basis"]
    assert [(b["date"].isoformat(), b["issuer"], b.get("title"), b.get("number")) for b in basis] == [
        ("2025-09-30", "人力资源社会保障部办公厅", None, None),  # its Chinese title and number: not known
        (
            "2017-03-28",
            "国家外国专家局、人力资源社会保障部、外交部、公安部",
            "外国人来华工作分类标准（试行）",
            "外专发〔2017〕40号",
        ),
    ]
    assert all(b["description"] for b in basis)
    assert "# 中文标题和文号尚未核实" in path.read_text("utf-8")


def test_a_custom_basis_is_cited_in_every_document(run_cli: RunCli, tmp_path: Path) -> None:
    root = with_basis(tmp_path / "ws", CUSTOM)
    assert run_cli("package", "-p", "JS", "-w", root, "--today", TODAY).returncode == 0
    assert run_cli("consult", "forms", "-p", "JS", "-w", root).returncode == 0
    cited = (
        "江苏省人民政府办公厅2026年2月10日印发的意见和"
        "人力资源社会保障部办公厅2025年9月30日印发的《某某通知》（人社厅发〔2025〕1号）"
    )
    explanation = body(root / PACKAGE / "drafting-explanation.docx")
    assert f"紧缺的外国专业人才，根据{cited}，结合本省" in explanation.replace("急需", "紧缺")
    assert (
        "1. 2026年2月10日，江苏省人民政府办公厅印发意见：要求在集成电路等重点产业加快引进外国专业人才。"
        in explanation
    )
    assert (
        "2. 2025年9月30日，人力资源社会保障部办公厅印发《某某通知》（人社厅发〔2025〕1号）：试用的标题和文号。"
        in explanation
    )
    assert f"根据{cited}，{AUTHORITY}会同有关部门" in body(root / PACKAGE / "filing-report.docx")
    assert f"根据{cited}，{AUTHORITY}研究起草了" in body(root / LETTER)
    for path in (
        root / PACKAGE / "drafting-explanation.docx",
        root / PACKAGE / "filing-report.docx",
        root / LETTER,
    ):
        assert "外专发" not in body(path) and GUESSED_TITLE not in body(path)


def test_one_basis_document_is_cited_without_a_list_number(run_cli: RunCli, tmp_path: Path) -> None:
    one = "basis:\n  - {date: 2026-02-10, issuer: 江苏省人民政府办公厅, kind: 意见, description: 加快引进外国专业人才}\n"
    root = with_basis(tmp_path / "ws", one)
    assert run_cli("package", "-p", "JS", "-w", root, "--today", TODAY).returncode == 0
    explanation = body(root / PACKAGE / "drafting-explanation.docx")
    assert "\n2026年2月10日，江苏省人民政府办公厅印发意见：加快引进外国专业人才。\n" in explanation
    assert "上述文件的有关内容如下" not in explanation


def test_without_basis_the_documents_new_writes_are_cited(run_cli: RunCli, tmp_path: Path) -> None:
    root = with_basis(tmp_path / "ws", None)
    assert "basis" not in (root / "provinces" / "JS" / "province.yaml").read_text("utf-8")
    checked = run_cli("validate", "-p", "JS", "-w", root, "--today", TODAY, "--format", "json")
    assert checked.returncode == 0  # a note, not a fault: the defaults are what `new` writes
    (note,) = [f for r in json.loads(checked.stdout)["files"] for f in r["findings"]]
    assert (note["rule"], note["severity"], note["field"], note["row"]) == ("CT521", "info", "basis", None)
    assert note["message_zh"] == (
        "province.yaml 未填写起草依据（basis:），起草说明、备案报告和征求意见函将引用默认依据："
        f"{DEFAULT_2025}；{DEFAULT_2017}。"
    )
    packaged = run_cli("package", "-p", "JS", "-w", root, "--today", TODAY)
    assert packaged.returncode == 0
    assert "CT521" in packaged.stdout and "lists no basis documents" in packaged.stdout  # said at the build
    explanation = body(root / PACKAGE / "drafting-explanation.docx")
    assert f"根据{DEFAULT_2025}和{DEFAULT_2017}，结合本省" in explanation
    assert (
        "1. 2025年9月30日，人力资源社会保障部办公厅印发通知：在现行外国人来华工作分类标准基础上"
        in explanation
    )
    assert f"根据{DEFAULT_2025}和{DEFAULT_2017}，{AUTHORITY}" in body(root / PACKAGE / "filing-report.docx")


def test_the_sample_cites_no_guessed_title(workspace: Path) -> None:
    for path in (
        workspace / PACKAGE / "drafting-explanation.docx",
        workspace / PACKAGE / "filing-report.docx",
        workspace / LETTER,
    ):
        text = body(path)
        assert DEFAULT_2025 in text and GUESSED_TITLE not in text


MALFORMED = """basis:
  - date: 2025-9-30
    issuer: 人力资源社会保障部办公厅
    description: 优化认定标准
  - issuer: ""
    description: 某某
    titel: 某某
  - 某某文件
"""


def test_malformed_basis_entries_are_findings_at_their_lines(run_cli: RunCli, tmp_path: Path) -> None:
    import json

    root = with_basis(tmp_path / "ws", MALFORMED)
    lines = (root / "provinces" / "JS" / "province.yaml").read_text("utf-8").splitlines()
    first = lines.index("basis:") + 2  # the line of the first entry
    result = run_cli("validate", "-p", "JS", "-w", root, "--today", TODAY, "--format", "json")
    assert result.returncode == 1
    found = [
        (f["rule"], f["row"] - first, f["field"], f["message_zh"], f["message_en"])
        for report in json.loads(result.stdout)["files"]
        for f in report["findings"]
    ]
    assert found == [
        (
            "CT516",
            0,
            "basis[0].date",
            "province.yaml：第1个起草依据的日期应为 YYYY-MM-DD 格式的日期",
            "province.yaml: basis document 1, date: must be a date written YYYY-MM-DD",
        ),
        (
            "CT516",
            3,
            "basis[1].date",
            "province.yaml：第2个起草依据的日期为必填项，未填写",
            "province.yaml: basis document 2, date: is required",
        ),
        (
            "CT516",
            3,
            "basis[1].issuer",
            "province.yaml：第2个起草依据的印发机关不能为空",
            "province.yaml: basis document 2, issuer: must not be empty",
        ),
        (
            "CT516",
            5,
            "basis[1].titel",
            "province.yaml：第2个起草依据的titel：不是可识别的键（是否拼写有误？）",
            "province.yaml: basis document 2, titel: is not a known key (a typo?)",
        ),
        (
            "CT516",
            6,
            "basis[2]",
            "province.yaml：第3个起草依据应为键值映射",
            "province.yaml: basis document 3: must be a mapping of keys to values",
        ),
    ]
    # A package is refused while the basis is malformed.
    assert run_cli("package", "-p", "JS", "-w", root, "--today", TODAY).returncode == 1


@pytest.mark.parametrize(
    ("basis", "zh"),
    [
        ("basis: []\n", "province.yaml：basis：至少应有 1 项"),
        ("basis: 外专发〔2017〕40号\n", "province.yaml：basis：应为列表"),
    ],
)
def test_an_empty_or_unlisted_basis_is_a_finding(
    run_cli: RunCli, tmp_path: Path, basis: str, zh: str
) -> None:
    root = with_basis(tmp_path / "ws", basis)
    result = run_cli("validate", "-p", "JS", "-w", root, "--today", TODAY, "--format", "json")
    assert result.returncode == 1
    (finding,) = [f for r in json.loads(result.stdout)["files"] for f in r["findings"]]
    assert (finding["rule"], finding["field"], finding["message_zh"]) == ("CT516", "basis", zh)


# --- no table a sentence says better ------------------------------------------------------------


def tables(path: Path) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in t.rows] for t in docx.Document(str(path)).tables]


def trivial(table: list[list[str]]) -> bool:
    """At most one data row, or every column after the first the same all the way down."""
    data = table[1:]
    return len(data) <= 1 or all(len({r[i] for r in data}) == 1 for i in range(1, len(table[0])))


def test_no_document_of_the_sample_draws_a_trivial_table(workspace: Path) -> None:
    for path in (workspace / PACKAGE / "drafting-explanation.docx", workspace / LETTER):
        assert [t[0] for t in tables(path) if trivial(t)] == []
    explanation = workspace / PACKAGE / "drafting-explanation.docx"
    headers = [t[0][0] for t in tables(explanation)]
    assert "标准类别" not in headers  # six kinds of Category A standard, one each: said in a sentence
    assert (
        "认定标准6条：入选人才计划、国际公认的专业成就、市场鼓励类岗位、创新创业人才、优秀青年人才、部门推荐各1条。"
        in body(explanation)
    )
    # The parties of each kind are counted in the sentence; the one table adds who answered and how.
    adoption = next(t for t in tables(explanation) if t[0][0] == "参与方类别")
    assert adoption[0] == ["参与方类别", "征求单位（家）", "提出意见（家）", "意见（条）", "采纳", "未采纳"]
    assert headers.count("参与方类别") == 1  # no column of 0s (部分采纳, 待定) and no second table


def test_one_industry_and_one_education_level_are_sentences(run_cli: RunCli, tmp_path: Path) -> None:
    def same(rows: list[dict[str, object]]) -> None:
        for row in rows:
            row.update(industry="集成电路", education="硕士及以上")

    root = sample_with_rows(tmp_path / "ws", same)
    result = run_cli("package", "-p", "JS", "-w", root, "--today", TODAY)
    assert result.returncode == 0, result.stdout + result.stderr
    explanation = root / PACKAGE / "drafting-explanation.docx"
    text = body(explanation)
    assert "岗位覆盖1个产业领域：集成电路39个。" in text
    assert "各岗位的学历（学位）要求均为硕士。" in text
    headers = [t[0][0] for t in tables(explanation)]
    assert "产业领域" not in headers and "学历（学位）要求" not in headers
    assert [t[0] for t in tables(explanation) if trivial(t)] == []


def test_two_rows_below_the_baseline_are_a_table_one_is_a_sentence(run_cli: RunCli, tmp_path: Path) -> None:
    def relax(count: int) -> Callable[[list[dict[str, object]]], None]:
        def change(rows: list[dict[str, object]]) -> None:
            for row in rows[1 : 1 + count]:
                row.update(education="大专", notes="急需紧缺")

        return change

    one = sample_with_rows(tmp_path / "one", relax(1))
    assert run_cli("package", "-p", "JS", "-w", one, "--today", TODAY).returncode == 0
    text = body(one / PACKAGE / "drafting-explanation.docx")
    assert (
        "共有1个岗位的要求低于国家B类基准：序号2“集成电路工艺整合工程师”（2-02-38 数字技术工程技术人员）"
        "学历降为大专（基准学士），理由：急需紧缺。" in text
    )
    assert not [t for t in tables(one / PACKAGE / "drafting-explanation.docx") if "放宽的要求" in t[0]]

    two = sample_with_rows(tmp_path / "two", relax(2))
    assert run_cli("package", "-p", "JS", "-w", two, "--today", TODAY).returncode == 0
    assert "共有2个岗位的要求低于国家B类基准，逐一说明如下：" in body(
        two / PACKAGE / "drafting-explanation.docx"
    )
    (below,) = [t for t in tables(two / PACKAGE / "drafting-explanation.docx") if "放宽的要求" in t[0]]
    assert [r[0] for r in below[1:]] == ["2", "3"]


def test_short_tables_are_kept_on_one_page_and_counts_centred(workspace: Path) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document(str(workspace / PACKAGE / "drafting-explanation.docx"))
    by_major = next(t for t in document.tables if t.rows[0].cells[0].text == "大类代码")
    assert len(by_major.rows) <= 13
    for row in by_major.rows[:-1]:
        assert all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)
    assert by_major.rows[1].cells[2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER  # 岗位数
    assert by_major.rows[1].cells[1].paragraphs[0].alignment is None  # a name: left


# --- the draft catalog in the 征求意见稿, rendered ------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")


@pytest.mark.skipif(
    SOFFICE is None or PDFTOTEXT is None,
    reason="needs LibreOffice (soffice) and poppler-utils (pdftotext); .ci/run installs them",
)
def test_short_values_of_the_draft_table_print_on_one_line(workspace: Path, tmp_path: Path) -> None:
    """Column widths follow the content: an industry, an education level, an age limit and an occupation
    code each print as one word (pdftotext splits a word that wraps), long skills text wraps instead."""
    import re
    import subprocess

    from ruamel.yaml import YAML

    assert SOFFICE is not None and PDFTOTEXT is not None
    subprocess.run(
        [SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(workspace / LETTER)],
        check=True,
        capture_output=True,
        timeout=300,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    pdf = tmp_path / "征求意见稿.pdf"
    xml = subprocess.run(
        [PDFTOTEXT, "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True, encoding="utf-8"
    ).stdout
    words = re.findall(r"<word [^>]*>([^<]*)</word>", xml)
    rows = YAML(typ="safe").load((SAMPLE / "provinces" / "JS" / "catalog.source.yaml").read_text("utf-8"))[
        "rows"
    ]
    for value in ("集成电路", "硕士及以上"):
        assert words.count(value) == sum(1 for r in rows if value in (r["industry"], r["education"])), value
    assert words.count("周岁以下") == sum(1 for r in rows if str(r.get("age_max", "")).endswith("周岁以下"))
    assert not [w for w in words if re.fullmatch(r"[\d-]*\d-", w)]  # no code broken at a hyphen
