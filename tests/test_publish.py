"""`catalogtool publish`: the Jiangsu sample published through the CLI (in process), file by file.

The page's behaviour in a real browser is tested in test_publish_browser.py.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from conftest import SAMPLE, RunCli
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from catalogtool import publish
from catalogtool.cli import app
from catalogtool.errors import InputError, UsageError
from catalogtool.model import CatalogRow, Salary
from catalogtool.package import TABLE_FIELDS
from catalogtool.report import site as site_html
from catalogtool.workspace import check_workspace

TODAY = "2026-05-01"
SITE_FILES = [
    "catalog.csv",
    "catalog.json",
    "catalog.schema.json",
    "catalog.xlsx",
    "datapackage.json",
    "index.html",
    "standards.json",
]


def invoke(*args: object) -> Result:
    """`catalogtool ARGS` in process, messages in English."""
    return CliRunner().invoke(app, [str(a) for a in args], env={"CATALOGTOOL_LANG": "en"})


def copy_sample(target: Path) -> Path:
    shutil.copytree(SAMPLE, target)
    return target


def all_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_sample(tmp_path_factory.mktemp("publish") / "ws")


@pytest.fixture(scope="module")
def site(workspace: Path) -> Path:
    """The sample published to its default folder (once for this module)."""
    result = invoke("publish", "--province", "JS", "--workspace", workspace, "--today", TODAY)
    folder = workspace / "dist" / "JS-2026-site"
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {folder}/ (7 files): index.html is ready to put on the website\n"
    return folder


def catalog(site: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((site / "catalog.json").read_text("utf-8"))
    return data


class Page(HTMLParser):
    """The parts of index.html the tests read: rows, attributes with URLs, script and style blocks."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.rows: list[dict[str, str]] = []
        self.urls: list[tuple[str, str, str]] = []
        self.blocks: dict[str, list[str]] = {"script": [], "style": []}
        self.meta: dict[str, str] = {}
        self.ids: list[str] = []
        self.labels_for: list[str] = []
        self.inputs: list[str] = []
        self._in_tbody = False
        self._block: str | None = None
        self._cell: list[str] | None = None
        self._cells: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        for name in ("src", "href", "action", "data", "poster", "srcset"):
            if name in a:
                self.urls.append((tag, name, a[name]))
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "label" and "for" in a:
            self.labels_for.append(a["for"])
        if tag in ("input", "select"):
            self.inputs.append(a.get("id", ""))
        if tag == "meta" and "http-equiv" in a:
            self.meta[a["http-equiv"]] = a.get("content", "")
        if tag == "tbody":
            self._in_tbody = True
        if tag == "tr" and self._in_tbody:
            self.rows.append(a)
            self._cells = []
        if tag in ("td", "th") and self._in_tbody:
            self._cell = []
        if tag in self.blocks and a.get("type", "") != "application/ld+json":
            self._block = tag
            self.blocks[tag].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self._in_tbody = False
        if tag in ("td", "th") and self._cell is not None:
            self._cells.append("".join(self._cell))
            self._cell = None
        if tag == "tr" and self._in_tbody:
            self.rows[-1]["cells"] = "\t".join(self._cells)
        if tag == self._block:
            self._block = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._block is not None:
            self.blocks[self._block][-1] += data


def page(site: Path) -> Page:
    return Page((site / "index.html").read_text("utf-8"))


# --- what is published ----------------------------------------------------------------------------


def test_publish_writes_the_page_and_the_open_data_and_nothing_else(workspace: Path, site: Path) -> None:
    assert sorted(p.name for p in site.iterdir()) == SITE_FILES
    assert sorted(p.name for p in (workspace / "dist").iterdir()) == ["JS-2026-site"]


def test_catalog_json_validates_against_catalog_schema_json(site: Path) -> None:
    schema = json.loads((site / "catalog.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    assert [e.message for e in validator.iter_errors(catalog(site))] == []
    # The schema is not a formality: a row without its position, or a lapse date in another form, fails.
    broken = catalog(site)
    rows = broken["rows"]
    assert isinstance(rows, list)
    del rows[0]["position"]
    broken["validity"] = {**broken["validity"], "expiry_date": "30/06/2030"}  # type: ignore[dict-item]
    messages = sorted(e.message for e in validator.iter_errors(broken))
    assert messages == [
        "'30/06/2030' does not match '^\\\\d{4}-\\\\d{2}-\\\\d{2}$'",
        "'30/06/2030' is not a 'date'",
        "'position' is a required property",
    ]


def test_catalog_json_states_authority_edition_validity_and_code_lists(site: Path) -> None:
    data = catalog(site)
    assert data["catalog"] == {
        "province": "JS",
        "title": "江苏省外国人来华工作指导目录（2026年版）",
        "edition": "2026",
        "authority": "江苏省人力资源和社会保障厅",
        "effective_date": "2026-07-01",
        "validity_years": 4,
        "key_industries": [
            "集成电路",
            "生物医药",
            "新能源",
            "高端装备",
            "人工智能",
            "新材料",
            "软件和信息服务",
            "金融科技",
        ],
        "code_list": "NOC 2022",
        "local_average_wage": 118000,
    }  # the filing contact (a person's name and phone) is for the ministry, not published
    assert data["validity"] == {
        "effective_date": "2026-07-01",
        "validity_years": 4,
        "expiry_date": "2030-06-30",
        "text": "有效期：自2026年7月1日起至2030年6月30日止",
    }
    assert data["code_list"] == "NOC 2022 (+2024-07, +2025-07)"
    assert data["code_list_editions"] == {
        "base": "2022",
        "amendments": ["2024-07", "2025-07"],
        "amendments_used": [],
    }
    rows = data["rows"]
    assert isinstance(rows, list) and len(rows) == 39
    assert rows[0] == {
        "seq": 1,
        "subcategory_code": "2-02-38",
        "subcategory_name": "数字技术工程技术人员",
        "occupation_codes": ["2-02-38-09"],
        "position": "芯片设计工程师",
        "industry": "集成电路",
        "education": "master",
        "experience_years": 3,
        "skills": "熟悉数字或模拟集成电路设计流程，主持过28纳米及以下工艺节点芯片流片",
        "certificates": "",
        "salary_multiple": 4,
        "salary_annual_yuan": None,
        "salary_text": "4倍",
        "age_max": 60,
        "notes": "",
    }


def test_amendment_batches_used_by_the_rows_are_named_with_their_codes() -> None:
    from catalogtool.codes import load_code_list

    codes = load_code_list()
    amended = [c for c in codes if c.edition != "2022" and c.level == 4]
    assert amended, "the shipped code list has amendment codes"
    first = amended[0]
    parent = codes.subcategory_of(first.code)
    row = CatalogRow(1, 1, parent, "", (first.code,), "岗位", "产业", "bachelor", 2, "技能", "", None, 60, "")
    assert publish.amendments_used([row], codes) == [{"edition": first.edition, "codes": [first.code]}]


def test_every_hash_and_size_in_datapackage_json_matches_its_file(site: Path) -> None:
    descriptor = json.loads((site / "datapackage.json").read_text("utf-8"))
    assert descriptor["name"] == "js-2026-guidance-catalog-site"
    assert "homepage" not in descriptor
    described = []
    for resource in descriptor["resources"]:
        data = (site / resource["path"]).read_bytes()
        assert resource["bytes"] == len(data)
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        described.append(resource["path"])
    assert sorted(described) == [n for n in SITE_FILES if n != "datapackage.json"]


def test_catalog_csv_has_a_bom_and_the_columns_and_rows_of_catalog_json(site: Path) -> None:
    data = (site / "catalog.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and not data.startswith(b"\xef\xbb\xbf\xef\xbb\xbf")
    table = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert list(table[0]) == [f.name for f in TABLE_FIELDS]
    rows = catalog(site)["rows"]
    assert isinstance(rows, list)
    assert [r["position"] for r in table] == [r["position"] for r in rows]
    assert table[0]["occupation_codes"] == "2-02-38-09" and table[0]["salary_multiple"] == "4"


def test_frictionless_reads_the_published_csv_and_workbook_as_valid_tables(site: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    package = frictionless.Package(str(site / "datapackage.json"))
    for name in ("catalog-csv", "catalog-xlsx"):
        report = package.get_resource(name).validate()
        assert report.valid, report.flatten(["type", "message"])[:3]


def test_the_workbook_and_standards_are_the_filing_package_s_own(
    workspace: Path, site: Path, tmp_path: Path
) -> None:
    result = invoke(
        "package", "--province", "JS", "--workspace", workspace, "--today", TODAY, "--out", tmp_path
    )
    assert result.exit_code == 0, result.output
    filed = tmp_path / "JS-2026"
    assert (site / "catalog.xlsx").read_bytes() == (filed / "catalog.xlsx").read_bytes()
    assert json.loads((site / "standards.json").read_text("utf-8")) == json.loads(
        (filed / "high-end-standards.json").read_text("utf-8")
    )


def test_republishing_gives_byte_identical_files(workspace: Path, site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    result = invoke(
        "publish", "--province", "JS", "--workspace", workspace, "--today", "2027-03-15", "--out", again
    )
    assert result.exit_code == 0, result.output
    assert folder_bytes(again) == folder_bytes(site)
    # and over an earlier publication, in place
    result = invoke("publish", "--province", "JS", "--workspace", workspace, "--today", TODAY, "--out", again)
    assert result.exit_code == 0, result.output
    assert folder_bytes(again) == folder_bytes(site)


# --- the page as HTML -----------------------------------------------------------------------------


def test_the_page_holds_every_row_in_the_html(site: Path) -> None:
    html = page(site)
    rows = catalog(site)["rows"]
    assert isinstance(rows, list)
    assert [r["data-position"] for r in html.rows] == [r["position"] for r in rows]
    first = html.rows[0]
    assert first["data-codes"] == "2-02-38 2-02-38-09"
    assert (first["data-industry"], first["data-major"], first["data-education"]) == (
        "集成电路",
        "2",
        "master",
    )
    assert first["cells"].split("\t")[:5] == [
        "1",
        "2-02-38 数字技术工程技术人员",
        "2-02-38-09",
        "芯片设计工程师",
        "集成电路",
    ]


def test_the_page_loads_nothing_from_anywhere(site: Path) -> None:
    text = (site / "index.html").read_text("utf-8")
    html = page(site)
    # Links only to the page's own sections and files: no src, no absolute URL, no protocol-relative one.
    assert [u for u in html.urls if u[1] != "href"] == []
    hrefs = sorted({u[2] for u in html.urls})
    assert hrefs == sorted(
        ["#catalog", "#standards", "#downloads", *[n for n in SITE_FILES if n != "index.html"]]
    )
    assert "@import" not in text and "url(" not in text
    # The Content-Security-Policy allows the page's own style and script blocks, by hash, and nothing else.
    csp = html.meta["Content-Security-Policy"]
    assert csp.startswith("default-src 'none'; ")
    for kind, directive in (("style", "style-src"), ("script", "script-src")):
        (block,) = html.blocks[kind]
        digest = site_html._csp_hash(block)
        assert f"{directive} {digest};" in csp


def test_the_page_banner_states_title_authority_edition_and_dates(site: Path) -> None:
    text = (site / "index.html").read_text("utf-8")
    assert '<header class="banner" id="banner" data-effective="2026-07-01" data-expiry="2030-06-30">' in text
    assert '<h1><span class="zh" lang="zh-CN">江苏省外国人来华工作指导目录（2026年版）</span>' in text
    assert '<p class="authority"><span class="zh" lang="zh-CN">江苏省人力资源和社会保障厅</span>' in text
    assert "有效期：自2026年7月1日起至2030年6月30日止。有效期满未作调整的，自动失效。" in text
    assert '<time datetime="2030-06-30">' in text and "<dd>2026</dd>" in text


def test_every_form_control_has_a_label_and_ids_are_unique(site: Path) -> None:
    html = page(site)
    assert sorted(html.inputs) == sorted(["q", "in", "industry", "major", "education"])
    assert sorted(html.labels_for) == sorted(html.inputs)
    assert len(html.ids) == len(set(html.ids))


def test_the_category_a_standards_have_their_own_section(site: Path) -> None:
    text = (site / "index.html").read_text("utf-8")
    section = text[text.index('<section id="standards"') : text.index('<section id="downloads"')]
    assert re.findall(r'<li id="std-([^"]+)">', section) == [f"JS-A-0{i}" for i in range(1, 7)]
    assert "在本省创办集成电路、生物医药、人工智能等重点产业企业" in section
    assert "创新创业人才" in section and "innovation and entrepreneurship" in section


def test_requirements_are_written_in_plain_words() -> None:
    row = CatalogRow(
        1, 1, "2-02-38", "数字技术工程技术人员", (), "芯片设计工程师", "集成电路", "master", 3, "技能",
        "注册电气工程师", Salary(multiple=4, text="4倍"), 60, "",
    )  # fmt: skip
    assert [(w.zh, w.en) for w in publish.requirement_words(row)] == [
        ("硕士及以上学位", "a master's degree or higher"),
        ("3年以上相关工作经历", "at least 3 years of related work experience"),
        ("年龄不超过60周岁", "aged 60 or under"),
        (
            "薪酬不低于当地上年度社会平均工资的4倍",
            "pay at least 4 times the local average wage of the previous year",
        ),
        ("职业资格：注册电气工程师", "certificates: 注册电气工程师"),
    ]
    relaxed = row._replace(
        education="associate", experience_years=1, age_max=65, salary=Salary(annual_yuan=300000)
    )
    assert [(w.zh, w.en) for w in publish.requirement_words(relaxed)][:4] == [
        ("大专及以上学历", "an associate degree (大专) or higher"),
        ("1年以上相关工作经历", "at least 1 year of related work experience"),
        ("年龄不超过65周岁", "aged 65 or under"),
        ("年薪不低于30万元", "annual pay at least CNY 300,000"),
    ]
    words = publish.relaxation_words(relaxed)
    assert (
        words is not None
        and words.zh
        == "宽于国家B类基准（学历降为大专（基准学士）、工作经历缩短为1年（基准2年）、年龄上限提高到65周岁（基准60周岁）），理由见备注"
    )
    assert publish.relaxation_words(row) is None
    assert publish.education_words("doctorate").zh == "博士学位"
    assert publish.education_words("none").en == "no minimum education"


# --- hostile text, base URL -----------------------------------------------------------------------

HOSTILE_POSITION = '</script><script>alert("x")</script>'
HOSTILE_SKILLS = '"><img src=x onerror=alert(1)> & 熟悉'


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """The sample with a CSV catalog whose cells hold markup."""
    root = copy_sample(tmp_path / "ws")
    folder = root / "provinces" / "JS"
    meta = (
        (folder / "province.yaml").read_text("utf-8").replace("catalog: catalog.xlsx", "catalog: catalog.csv")
    )
    (folder / "province.yaml").write_text(meta, "utf-8")
    header = "序号,小类代码,小类名称,相关职业代码,岗位名称,产业领域,学历（学位）,工作经历（年）,专业技能,年龄要求\n"
    body = f'1,2-02-38,数字技术工程技术人员,2-02-38-09,"{HOSTILE_POSITION.replace(chr(34), chr(34) * 2)}",集成电路,硕士,3,"{HOSTILE_SKILLS.replace(chr(34), chr(34) * 2)}",60周岁以下\n'
    (folder / "catalog.csv").write_text(header + body, "utf-8")
    return root


def test_markup_in_a_cell_is_shown_as_text_never_run(hostile: Path) -> None:
    out = hostile / "site"
    result = invoke("publish", "--province", "JS", "--workspace", hostile, "--today", TODAY, "--out", out)
    assert result.exit_code == 0, result.output
    text = (out / "index.html").read_text("utf-8")
    assert HOSTILE_POSITION not in text and "<img" not in text
    html = page(out)
    assert len(html.blocks["script"]) == 1  # the page's own script only
    assert html.rows[0]["data-position"] == HOSTILE_POSITION
    assert html.rows[0]["cells"].split("\t")[3] == HOSTILE_POSITION
    assert HOSTILE_SKILLS in html.rows[0]["cells"]


def test_base_url_makes_links_absolute_and_names_where_it_is_published(
    workspace: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    result = invoke(
        "publish", "--province", "JS", "--workspace", workspace, "--today", TODAY, "--out", out,
        "--base-url", "https://rsj.example.gov.cn/catalog/2026",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    base = "https://rsj.example.gov.cn/catalog/2026/"
    html = page(out)
    downloads = sorted(u[2] for u in html.urls if not u[2].startswith("#") and u[0] == "a")
    assert downloads == sorted(base + n for n in SITE_FILES if n != "index.html")
    text = (out / "index.html").read_text("utf-8")
    assert f'<link rel="canonical" href="{base}">' in text
    assert json.loads((out / "catalog.schema.json").read_text("utf-8"))["$id"] == base + "catalog.schema.json"
    assert json.loads((out / "datapackage.json").read_text("utf-8"))["homepage"] == base


@pytest.mark.parametrize(
    "url", ["ftp://example.org/x", "example.org/catalog", "https://x.org/a?b=1", "/srv/www"]
)
def test_a_base_url_that_is_not_an_http_folder_is_a_usage_error(
    workspace: Path, tmp_path: Path, url: str
) -> None:
    result = invoke(
        "publish", "--province", "JS", "--workspace", workspace, "--out", tmp_path / "s", "--base-url", url
    )
    assert isinstance(result.exception, UsageError)
    assert result.exception.message_en.startswith("--base-url must be the http(s) address")
    assert not (tmp_path / "s").exists()


def test_a_bad_base_url_is_one_line_and_exit_2(run_cli: RunCli, workspace: Path, tmp_path: Path) -> None:
    result = run_cli("publish", "--province", "JS", "--workspace", workspace, "--base-url", "ftp://x")
    assert result.returncode == 2
    assert result.stderr == (
        "catalogtool: --base-url must be the http(s) address of the folder the site is served from, "
        "got 'ftp://x'\n"
    )


# --- refusals -------------------------------------------------------------------------------------


def test_a_catalog_with_errors_is_not_published(hostile: Path) -> None:
    csv_path = hostile / "provinces" / "JS" / "catalog.csv"
    csv_path.write_text(csv_path.read_text("utf-8").replace("2-02-38,数字", "2-02-99,数字"), "utf-8")
    before = all_files(hostile)
    result = invoke("publish", "--province", "JS", "--workspace", hostile, "--today", TODAY)
    assert result.exit_code == 1
    assert "error    CT203 subcategory-name-mismatch  C2" in result.stdout
    assert result.stderr == "catalogtool: nothing published: fix the errors above first.\n"
    assert all_files(hostile) == before


def test_a_catalog_is_published_on_its_last_day_and_refused_the_day_after(
    workspace: Path, tmp_path: Path
) -> None:
    last = invoke(
        "publish",
        "--province",
        "JS",
        "--workspace",
        workspace,
        "--today",
        "2030-06-30",
        "--out",
        tmp_path / "a",
    )
    assert last.exit_code == 0, last.output
    before = all_files(tmp_path)
    after = invoke(
        "publish",
        "--province",
        "JS",
        "--workspace",
        workspace,
        "--today",
        "2030-07-01",
        "--out",
        tmp_path / "b",
    )
    assert after.exit_code == 1
    assert after.stderr == (
        "catalogtool: nothing published: the catalog lapsed on 2030-06-30 (effective 2026-07-01 for 4 years; "
        "today is 2030-07-01). Publish a new edition instead.\n"
    )
    assert all_files(tmp_path) == before


def test_a_lapsed_catalog_is_refused_even_with_its_rule_switched_off(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "ws")
    (root / "catalogtool.yaml").write_text("severity: {CT506: 'off', CT507: 'off'}\n", "utf-8")
    result = invoke("publish", "--province", "JS", "--workspace", root, "--today", "2031-01-01")
    assert result.exit_code == 1
    assert "lapsed on 2030-06-30" in result.stderr
    assert not (root / "dist").exists()


def test_a_folder_holding_other_files_is_not_replaced(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "www"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", "utf-8")
    result = invoke("publish", "--province", "JS", "--workspace", workspace, "--today", TODAY, "--out", out)
    assert isinstance(result.exception, InputError)
    assert "holds other files (notes.txt)" in result.exception.message_en
    assert all_files(tmp_path) == ["www", "www/notes.txt"]


@pytest.fixture
def fail_while_rendering(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    def boom(*args: object, **kwargs: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(site_html, "render_site", boom)
    yield


def test_an_interrupted_publication_leaves_the_earlier_one_as_it_was(
    workspace: Path, site: Path, tmp_path: Path, fail_while_rendering: None
) -> None:
    out = tmp_path / "site"
    shutil.copytree(site, out)
    before = folder_bytes(out)
    checked = check_workspace(workspace, "JS", dt.date.fromisoformat(TODAY))
    with pytest.raises(KeyboardInterrupt):
        publish.build_site(checked, out)
    assert folder_bytes(out) == before
    assert all_files(tmp_path) == sorted(["site", *(f"site/{n}" for n in SITE_FILES)])


def test_without_local_standards_the_page_says_so_and_standards_json_is_empty(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "ws")
    (root / "provinces" / "JS" / "high-end-standards.yaml").unlink()
    result = invoke(
        "publish", "--province", "JS", "--workspace", root, "--today", TODAY, "--out", tmp_path / "s"
    )
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "s" / "standards.json").read_text("utf-8")) == {"standards": []}
    assert "本省未另行制定地方认定标准。" in (tmp_path / "s" / "index.html").read_text("utf-8")


def test_formula_like_text_stays_text_in_the_csv_and_the_workbook(hostile: Path) -> None:
    formula = '=HYPERLINK("http://example.invalid","点此")'
    csv_path = hostile / "provinces" / "JS" / "catalog.csv"
    csv_path.write_text(
        csv_path.read_text("utf-8").replace(
            f'"{HOSTILE_SKILLS.replace(chr(34), chr(34) * 2)}"', '"' + formula.replace('"', '""') + '"'
        ),
        "utf-8",
    )
    out = hostile / "site"
    result = invoke("publish", "--province", "JS", "--workspace", hostile, "--today", TODAY, "--out", out)
    assert result.exit_code == 0, result.output
    table = list(
        csv.DictReader(io.StringIO((out / "catalog.csv").read_bytes().decode("utf-8-sig"), newline=""))
    )
    assert table[0]["skills"] == "'" + formula  # the one CSV guard (safe_cells.csv_field)
    import openpyxl

    sheet = openpyxl.load_workbook(out / "catalog.xlsx").worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == formula]
    assert len(cells) == 1 and cells[0].data_type == "s" and cells[0].quotePrefix
    assert page(out).rows[0]["cells"].split("\t")[6] == formula


@given(st.text(min_size=1, max_size=40), st.text(max_size=20))
def test_any_text_round_trips_through_the_page_builder(text: str, attribute: str) -> None:
    # Whatever a cell holds comes back out of an HTML parser as the same text and attribute value.
    row = site_html.tag("tr", {"data-position": attribute}, site_html.tag("td", {}, text))
    parsed = Page(str(site_html.tag("tbody", {}, row)))
    assert parsed.rows == [{"data-position": attribute, "cells": text}]
