"""The workspace model and the catalog-level rules (CT5xx), on real YAML files in a copied workspace."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalogtool.data import schema_path
from catalogtool.errors import InputError, UsageError
from catalogtool.model import CatalogRow, Finding, Location
from catalogtool.provinces import find_province
from catalogtool.rules import all_rules
from catalogtool.template import template_spec
from catalogtool.workspace import (
    PARTY_TYPES,
    STANDARD_BLOCKS,
    Workspace,
    expiry_date,
    find_workspace_provinces,
    load_workspace,
    validity_line,
    workspace_findings,
)
from tests.conftest import SAMPLE

BEFORE_EXPIRY = dt.date(2026, 5, 1)

Edit = Callable[[str], str]


@pytest.fixture
def workspace(tmp_path: Path) -> Callable[..., Path]:
    """Copy the Jiangsu sample to a temporary folder, applying text edits to its YAML files."""

    def make(**edits: Edit | None) -> Path:
        root = tmp_path / "ws"
        shutil.copytree(SAMPLE, root)
        folder = root / "provinces" / "JS"
        for stem, edit in edits.items():
            path = folder / f"{stem.replace('_', '-')}.yaml"
            if edit is None:
                path.unlink()
            else:
                path.write_text(edit(path.read_text("utf-8")), "utf-8")
        return root

    return make


def replace(old: str, new: str) -> Edit:
    def edit(text: str) -> str:
        assert old in text, f"{old!r} not in the sample"
        return text.replace(old, new)

    return edit


def findings(
    ws: Workspace, rows: tuple[CatalogRow, ...] | None = None, today: dt.date = BEFORE_EXPIRY
) -> list[Finding]:
    """The workspace findings with one ordinary catalog row (no rows at all is a finding itself)."""
    return workspace_findings(ws, (row(5, "集成电路"),) if rows is None else rows, today)


def rules_of(found: list[Finding]) -> list[str]:
    return [f.rule for f in found]


def row(number: int, industry: str, notes: str = "") -> CatalogRow:
    return CatalogRow(
        number=number,
        seq=number,
        subcategory_code="2-02-38",
        subcategory_name="数字技术工程技术人员",
        occupation_codes=("2-02-38-01",),
        position=f"岗位{number}",
        industry=industry,
        education="master",
        experience_years=3,
        skills="熟悉",
        certificates="",
        salary=None,
        age_max=60,
        notes=notes,
        columns={"industry": "F", "notes": "M"},
    )


# --- the sample ---------------------------------------------------------------------------------


def test_the_sample_workspace_loads_with_every_part_and_no_findings() -> None:
    ws = load_workspace(SAMPLE, "JS")
    assert ws.province.abbr == "JS"
    assert ws.catalog_path == SAMPLE / "provinces" / "JS" / "catalog.xlsx"
    assert ws.meta.title == "江苏省外国人来华工作指导目录（2026年版）"
    assert ws.meta.edition == "2026"
    assert ws.meta.effective_date == dt.date(2026, 7, 1)
    assert ws.meta.expiry_date == dt.date(2030, 6, 30)
    assert ws.meta.key_industries[:5] == ("集成电路", "生物医药", "新能源", "高端装备", "人工智能")
    assert ws.meta.contact.email == "foreign-experts@example.gov.cn"
    assert ws.consultation is not None and len(ws.consultation.parties) == 12
    assert {p.type for p in ws.consultation.parties} == set(PARTY_TYPES)
    assert ws.standards is not None and [s.id for s in ws.standards][:2] == ["JS-A-01", "JS-A-02"]
    assert ws.load_findings == ()
    assert findings(ws) == []


def test_the_validity_line_is_the_one_printed_under_the_title() -> None:
    meta = load_workspace(SAMPLE, "JS").meta
    assert validity_line(meta) == "有效期：自2026年7月1日起至2030年6月30日止"


@pytest.mark.parametrize("name", ["JS", "js", "CN-JS", "320000", "江苏省", "江苏", "Jiangsu"])
def test_a_province_is_found_by_any_of_its_names(name: str) -> None:
    assert load_workspace(SAMPLE, name).dir == SAMPLE / "provinces" / "JS"


def test_workspace_provinces_are_the_folders_with_a_province_yaml(tmp_path: Path) -> None:
    assert find_workspace_provinces(SAMPLE) == ["JS"]
    assert find_workspace_provinces(tmp_path) == []
    (tmp_path / "provinces" / "ZJ").mkdir(parents=True)  # no province.yaml: not a province folder
    assert find_workspace_provinces(tmp_path) == []


# --- unusable workspaces: one clear error -------------------------------------------------------


def test_an_unknown_province_is_a_usage_error_with_suggestions() -> None:
    with pytest.raises(UsageError, match=r"JX 江西省|JS 江苏省"):
        load_workspace(SAMPLE, "JZ")


def test_a_folder_without_provinces_is_not_a_workspace(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no provinces/ folder"):
        load_workspace(tmp_path, "JS")


def test_a_province_without_a_folder_names_the_ones_there() -> None:
    with pytest.raises(InputError, match=r"no folder provinces/ZJ/ \(provinces found: JS\)"):
        load_workspace(SAMPLE, "ZJ")


def test_malformed_yaml_is_an_input_error_with_its_line(workspace: Callable[..., Path]) -> None:
    root = workspace(consultation=replace("opinions:", "opinions: [unclosed"))
    with pytest.raises(InputError, match=r"consultation.yaml line \d+: not valid YAML"):
        load_workspace(root, "JS")


def test_a_yaml_file_that_is_not_a_mapping_is_an_input_error(workspace: Callable[..., Path]) -> None:
    root = workspace(high_end_standards=lambda _: "- just\n- a list\n")
    with pytest.raises(InputError, match="must hold a mapping"):
        load_workspace(root, "JS")


def test_duplicate_keys_are_an_input_error(workspace: Callable[..., Path]) -> None:
    root = workspace(province=lambda text: text + "edition: '2027'\n")
    line = len((root / "provinces" / "JS" / "province.yaml").read_text("utf-8").splitlines())
    with pytest.raises(InputError, match=rf"province\.yaml line {line}\b"):
        load_workspace(root, "JS")


def test_a_missing_catalog_is_an_input_error(workspace: Callable[..., Path]) -> None:
    root = workspace(province=replace("catalog: catalog.xlsx", "catalog: draft.xlsx"))
    with pytest.raises(InputError, match=r"draft\.xlsx named in province\.yaml does not exist"):
        load_workspace(root, "JS")


def test_the_catalog_must_stay_inside_the_province_folder(workspace: Callable[..., Path]) -> None:
    root = workspace(province=replace("catalog: catalog.xlsx", "catalog: ../../../etc/passwd"))
    with pytest.raises(InputError, match="must be a file name in"):
        load_workspace(root, "JS")


def test_without_a_catalog_name_the_first_candidate_present_is_used(workspace: Callable[..., Path]) -> None:
    root = workspace(province=replace("catalog: catalog.xlsx\n", ""))
    folder = root / "provinces" / "JS"
    (folder / "catalog.xlsx").rename(folder / "other.xlsx")
    (folder / "catalog.csv").write_text("x\n", "utf-8")
    assert load_workspace(root, "JS").catalog_path == folder / "catalog.csv"


# --- schema violations: findings at the YAML line -----------------------------------------------


def test_a_schema_violation_names_the_field_and_its_line(workspace: Callable[..., Path]) -> None:
    root = workspace(province=replace("validity_years: 4 ", "validity_years: four "))
    ws = load_workspace(root, "JS")
    (f,) = ws.load_findings
    assert (f.rule, f.severity, f.location.field, f.location.row) == ("CT516", "error", "validity_years", 8)
    assert f.location.file == str(root / "provinces" / "JS" / "province.yaml")
    assert f.message_en == "province.yaml: validity_years: must be a whole number"
    assert f.message_zh == "province.yaml：validity_years：应为整数"
    assert f.value == "four"


def test_a_misspelt_key_is_reported_as_unknown_and_the_real_one_as_missing(
    workspace: Callable[..., Path],
) -> None:
    root = workspace(province=replace("effective_date:", "efective_date:"))
    found = findings(load_workspace(root, "JS"))
    assert [(f.rule, f.location.field, f.location.row) for f in found] == [
        ("CT504", "effective_date", None),  # the key is absent: no line to point at
        ("CT516", "efective_date", 7),
    ]
    assert "is not a known key" in found[1].message_en


def test_nested_violations_point_at_the_nested_line(workspace: Callable[..., Path]) -> None:
    root = workspace(
        consultation=replace("type: employer, date: 2026-03-26", "type: company, date: 2026-03-26")
    )
    (f,) = load_workspace(root, "JS").load_findings
    assert (f.location.field, f.location.row) == ("parties[9].type", 14)
    assert f.message_en.startswith("consultation.yaml: party 10, type: must be one of: industry_association")


def test_the_workspace_stubs_of_catalogtool_new_load_and_say_what_to_fill_in(tmp_path: Path) -> None:
    from catalogtool.draft import workspace_texts

    folder = tmp_path / "provinces" / "ZJ"
    folder.mkdir(parents=True)
    for name, text in workspace_texts(find_province("ZJ"), "2026", dt.date(2026, 1, 1)).items():
        (folder / name).write_text(text, "utf-8")
    (folder / "catalog.csv").write_text("x\n", "utf-8")
    found = findings(load_workspace(tmp_path, "ZJ"))
    rules = set(rules_of(found))
    assert "CT514" in rules  # the standard stub has no text or evidence yet
    assert {f.location.field for f in found if f.rule == "CT516"} >= {"parties[0].name", "period.start"}
    assert all(f.location.row for f in found if f.rule == "CT516")


# --- catalog-level rules --------------------------------------------------------------------------


def test_an_unknown_province_value_is_an_error(workspace: Callable[..., Path]) -> None:
    root = workspace(province=replace("province: JS ", "province: XY "))
    (f,) = findings(load_workspace(root, "JS"))
    assert (f.rule, f.slug, f.location.row, f.value) == ("CT501", "unknown-province", 2, "XY")


def test_a_province_yaml_of_another_province_is_an_error(workspace: Callable[..., Path]) -> None:
    root = workspace(province=replace("province: JS ", "province: 浙江省 "))
    (f,) = findings(load_workspace(root, "JS"))
    assert f.rule == "CT502"
    assert f.message_en == "province.yaml says ZJ 浙江省, but it sits in the folder of JS 江苏省."


def test_a_missing_authority_suggests_the_department(workspace: Callable[..., Path]) -> None:
    root = workspace(province=replace("authority: 江苏省人力资源和社会保障厅", "authority: ''"))
    (f,) = findings(load_workspace(root, "JS"))
    assert (f.rule, f.location.row) == ("CT503", 5)
    assert f.hint_zh == "通常为：江苏省人力资源和社会保障厅。"


def test_an_invalid_effective_date_is_reported_once(workspace: Callable[..., Path]) -> None:
    root = workspace(province=replace("effective_date: 2026-07-01", "effective_date: 2026-13-01"))
    (f,) = findings(load_workspace(root, "JS"))
    assert (f.rule, f.value) == ("CT504", "2026-13-01")


@pytest.mark.parametrize(("years", "expected"), [(2, ["CT505"]), (3, []), (5, []), (6, ["CT505"])])
def test_validity_outside_three_to_five_years_is_a_warning(
    workspace: Callable[..., Path], years: int, expected: list[str]
) -> None:
    root = workspace(province=replace("validity_years: 4 ", f"validity_years: {years} "))
    found = findings(load_workspace(root, "JS"))
    assert rules_of(found) == expected
    assert all(f.severity == "warning" for f in found)


def test_an_expired_catalog_is_an_error() -> None:
    ws = load_workspace(SAMPLE, "JS")
    (f,) = findings(ws, today=dt.date(2030, 7, 1))
    assert (f.rule, f.severity) == ("CT506", "error")
    assert f.message_en == "The catalog expired on 2030-06-30 (effective 2026-07-01, 4 years)."


def test_a_catalog_expiring_within_180_days_is_a_warning_with_the_date() -> None:
    ws = load_workspace(SAMPLE, "JS")
    assert findings(ws, today=dt.date(2030, 1, 1)) == []  # 180 days left
    (f,) = findings(ws, today=dt.date(2030, 1, 2))
    assert (f.rule, f.severity) == ("CT507", "warning")
    assert f.message_en == "The catalog expires on 2030-06-30, in 179 days."
    assert findings(ws, today=dt.date(2030, 6, 30))[0].message_zh == "目录将于 2030-06-30 到期，剩余 0 天。"


def test_a_consultation_without_hr_service_agencies_is_an_error(workspace: Callable[..., Path]) -> None:
    root = workspace(consultation=lambda text: text.replace("type: hr_service_agency", "type: employer"))
    (f,) = findings(load_workspace(root, "JS"))
    assert (f.rule, f.severity, f.location.row) == ("CT509", "error", 4)
    assert (
        f.message_en == "No human resources service agency (hr_service_agency) among the consulted parties."
    )
    assert f.message_zh == "征求意见对象中没有人力资源服务机构（hr_service_agency）。"


def test_each_missing_kind_of_party_is_named(workspace: Callable[..., Path]) -> None:
    def only_employers(text: str) -> str:
        for kind in ("industry_association", "hr_service_agency", "government_department"):
            text = text.replace(f"type: {kind}", "type: employer")
        return text

    found = findings(load_workspace(workspace(consultation=only_employers), "JS"))
    assert [f.message_en.split(" (")[0] for f in found] == [
        "No industry association",
        "No human resources service agency",
        "No government department",
    ]


def test_no_consultation_record_is_an_error(workspace: Callable[..., Path]) -> None:
    (f,) = findings(load_workspace(workspace(consultation=None), "JS"))
    assert (f.rule, f.location.row) == ("CT508", None)


def test_opinions_not_adopted_need_a_response_and_a_known_party(workspace: Callable[..., Path]) -> None:
    root = workspace(
        consultation=lambda text: (
            text.replace(
                "adopted: false, response: 部分岗位按年薪表述更便于用人单位理解，保留两种表述",
                "adopted: false",
            )
            .replace("{party: 江苏省商务厅", "{party: 江苏省商务局")
            .replace(
                "  - {party: 江苏省工业和信息化厅",
                "  - {party: 江苏省商务局, summary: 无, adopted: true}\n  - {party: 江苏省工业和信息化厅",
            )
        )
    )
    found = findings(load_workspace(root, "JS"))
    assert [(f.rule, f.severity, f.location.field) for f in found] == [
        ("CT510", "warning", "opinions[3].response"),
        ("CT511", "warning", "opinions[4].party"),
    ]
    assert found[1].message_zh == "意见提出方“江苏省商务局”不在征求意见对象（parties）之列。"


def test_a_party_consulted_outside_the_period_is_a_warning(workspace: Callable[..., Path]) -> None:
    root = workspace(consultation=replace("type: public, date: 2026-04-01", "type: public, date: 2026-05-01"))
    (f,) = findings(load_workspace(root, "JS"))
    assert (f.rule, f.location.field, f.value) == ("CT517", "parties[11].date", "2026-05-01")


def test_category_a_criteria_need_a_known_block_a_unique_id_text_and_evidence(
    workspace: Callable[..., Path],
) -> None:
    def damage(text: str) -> str:
        return (
            text.replace("block: talent_programme", "block: talent")
            .replace("id: JS-A-03", "id: JS-A-02")
            .replace("evidence: [部门推荐函]", "evidence: []")
            .replace("text: 入选省级以上人才计划的外籍人才", "text: ''")
        )

    found = findings(load_workspace(workspace(high_end_standards=damage), "JS"))
    assert [(f.rule, f.location.field, f.location.row) for f in found] == [
        ("CT512", "standards[0].block", 4),
        ("CT514", "standards[0].text", 4),
        ("CT513", "standards[2].id", 12),
        ("CT514", "standards[5].evidence", 24),
    ]
    assert found[2].message_en == "Criterion id JS-A-02 is used again (first on line 8)."


def test_rows_outside_the_key_industries_are_warned_at_their_industry_cell() -> None:
    ws = load_workspace(SAMPLE, "JS")
    rows = (
        row(5, "集成电路"),
        row(6, "文化旅游"),
        row(7, "人工智能、元宇宙"),
        row(8, "集成電路".replace("電", "电")),
    )
    found = workspace_findings(ws, rows, BEFORE_EXPIRY, sheet="指导目录")
    assert [(f.rule, f.location.describe(), f.value) for f in found] == [
        ("CT515", "指导目录!F6", "文化旅游"),
        ("CT515", "指导目录!F7", "元宇宙"),
    ]
    assert found[0].location.file == str(ws.catalog_path)


def test_without_key_industries_any_industry_is_fine(workspace: Callable[..., Path]) -> None:
    root = workspace(
        province=lambda text: "\n".join(line for line in text.splitlines() if "key_industries" not in line)
    )
    assert findings(load_workspace(root, "JS"), (row(5, "文化旅游"),)) == []


def test_a_catalog_without_rows_is_an_error_at_the_catalog() -> None:
    ws = load_workspace(SAMPLE, "JS")
    found = workspace_findings(ws, (), BEFORE_EXPIRY, sheet="指导目录")
    assert [(f.rule, f.slug, f.severity) for f in found] == [("CT518", "catalog-empty", "error")]
    assert (found[0].location.file, found[0].location.sheet) == (str(ws.catalog_path), "指导目录")
    assert found[0].message_en == "The catalog has no rows: there is nothing to file."


def test_a_row_still_marked_as_the_template_example_is_an_error_at_its_notes() -> None:
    ws = load_workspace(SAMPLE, "JS")
    marker = template_spec().example_notes
    zh, en = template_spec().example_marker
    rows = (
        row(5, "集成电路", marker),
        row(6, "集成电路", "自2024年起新增"),
        row(7, "集成电路", f"  {zh}（已改岗位）"),  # the Chinese half is enough
        row(8, "集成电路", en.upper()),
    )
    found = workspace_findings(ws, rows, BEFORE_EXPIRY, sheet="指导目录")
    assert [(f.rule, f.severity, f.location.describe()) for f in found] == [
        ("CT519", "error", "指导目录!M5"),
        ("CT519", "error", "指导目录!M7"),
        ("CT519", "error", "指导目录!M8"),
    ]
    assert found[0].message_en == f"Row 5 is still the template's example row (notes: {marker})."


@pytest.mark.parametrize("edition", ['"2026"', "2026", "2026a", "2026-rev1", "v2.1_draft"])
def test_an_edition_of_letters_digits_and_dashes_is_fine(
    workspace: Callable[..., Path], edition: str
) -> None:
    root = workspace(province=replace('edition: "2026"', f"edition: {edition}"))
    assert load_workspace(root, "JS").load_findings == ()


@pytest.mark.parametrize(
    "edition", ['"../../evil"', '"2026 年版"', '".hidden"', '"-2026"', '"a/b"', "x" * 41]
)
def test_an_edition_that_is_not_a_plain_name_is_a_schema_error(
    workspace: Callable[..., Path], edition: str
) -> None:
    root = workspace(province=replace('edition: "2026"', f"edition: {edition}"))
    found = load_workspace(root, "JS").load_findings
    assert [(f.rule, f.severity, f.location.field, f.location.row) for f in found] == [
        ("CT516", "error", "edition", 4)
    ]
    assert found[0].message_en == (
        "province.yaml: edition: has an unexpected form (expected e.g. 2026, 2026a or 2026-rev1)"
    )
    assert "应如 2026、2026a 或 2026-rev1" in found[0].message_zh


# --- facts kept in one place ----------------------------------------------------------------------


def test_the_schemas_list_exactly_the_party_types_and_blocks_the_code_knows() -> None:
    consultation = json.loads(schema_path("consultation.schema.json").read_text("utf-8"))
    standards = json.loads(schema_path("standards.schema.json").read_text("utf-8"))
    assert consultation["properties"]["parties"]["items"]["properties"]["type"]["enum"] == list(PARTY_TYPES)
    assert standards["properties"]["standards"]["items"]["properties"]["block"]["enum"] == list(
        STANDARD_BLOCKS
    )


def test_every_catalog_rule_has_both_languages_and_renders_its_fields() -> None:
    RULES = [r for r in all_rules() if r.id.startswith("CT5")]
    assert len({r.id for r in RULES}) == len({r.slug for r in RULES}) == len(RULES)
    for rule in RULES:
        assert rule.id.startswith("CT5") and rule.family == "catalog"
        for text in (rule.title_en, rule.title_zh, rule.message_en, rule.message_zh, rule.explanation_zh):
            assert text.strip()
        params = dict.fromkeys(rule.fields(), "x")
        finding = rule.finding(Location("f"), **params)
        assert "{" not in finding.message_en + finding.message_zh


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)), st.integers(1, 10))
def test_a_validity_period_ends_the_day_before_its_anniversary(start: dt.date, years: int) -> None:
    end = expiry_date(start, years)
    after = end + dt.timedelta(days=1)
    assert after.year == start.year + years
    if (start.month, start.day) == (2, 29) and after.month == 3:
        assert after.day == 1  # no 29 February that year: the period runs through 28 February
    else:
        assert (after.month, after.day) == (start.month, start.day)


def test_each_missing_province_field_is_reported_once(tmp_path: Path) -> None:
    import datetime as dt

    from catalogtool.workspace import load_workspace, workspace_findings

    folder = tmp_path / "provinces" / "JS"
    folder.mkdir(parents=True)
    (folder / "province.yaml").write_text("province: JS\ntitle: x\n", encoding="utf-8")
    (folder / "catalog.csv").write_text("序号\n", encoding="utf-8")
    ws = load_workspace(tmp_path, "JS")
    found = workspace_findings(ws, (), dt.date(2026, 5, 1))
    messages = [f.message_en for f in found if f.rule == "CT516"]
    assert messages == sorted(set(messages), key=messages.index)
    assert "province.yaml: edition: is required" in messages


def test_schema_problems_are_told_in_hr_words_counted_from_one() -> None:
    """One translator for every schema check: places counted from 1, keys as the form names them."""
    import jsonschema

    from catalogtool.data import schema_path
    from catalogtool.schema_errors import describe, sentence

    schema = json.loads(schema_path("consultation.schema.json").read_text("utf-8"))
    doc = {"parties": [{"name": "江苏省软件行业协会", "type": "industry_association", "date": None}]}
    errors = jsonschema.Draft202012Validator(schema).iter_errors(doc)
    sentences = [sentence(p) for e in errors for p in describe(e)]
    assert ("party 1, date: is empty: fill it in", "第1个参与方的日期未填写") in sentences
    assert all("schema" not in en and ".json" not in zh for en, zh in sentences)
