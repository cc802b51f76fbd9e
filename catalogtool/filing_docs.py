"""The documents of the filing package: the filing report and drafting explanation (docx), and the
Category A standards and consultation record (xlsx).

Every number comes from :class:`~catalogtool.filing_stats.FilingStats`; this module only words and
lays them out, in Chinese, the language of the filing. The writers produce bytes; the caller stores
them (and :mod:`catalogtool.deterministic` fixes their zip times and document dates).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from catalogtool.codes import CodeList
from catalogtool.filing_stats import CatalogStats, Comparison, ConsultationStats, FilingStats
from catalogtool.normalize import BASELINE, EDUCATION_LEVELS
from catalogtool.rules.catalog import OPINION_KINDS, OUTCOMES
from catalogtool.safe_cells import document_text, set_cell, workbook_bytes
from catalogtool.workbook import a4_print_setup, row_height, text_width
from catalogtool.workspace import (
    PARTY_TYPES,
    STANDARD_BLOCKS,
    BasisDocument,
    Contact,
    Opinion,
    Workspace,
    basis_reference,
    cited_basis,
    date_zh,
    name_key,
)

if TYPE_CHECKING:
    from catalogtool.docx_finish import DocumentInfo

CLASSIFICATION = "《中华人民共和国职业分类大典（2022年版）》"
MINISTRY = "人力资源社会保障部（国家外国专家局）"

_BODY_FONT = "仿宋"
_HEADING_FONT = "黑体"
_TITLE_FONT = "宋体"


@dataclass(frozen=True)
class Attachment:
    """A file of the package, listed in the filing report."""

    name: str
    title_zh: str


@dataclass(frozen=True)
class ValidationSummary:
    """What the validation found, for the filing report (there are no errors, or there is no package)."""

    rows: int
    warnings: int
    infos: int
    code_list: str


# --- docx ---------------------------------------------------------------------------------------


def filing_report_docx(
    ws: Workspace,
    stats: FilingStats,
    validation: ValidationSummary,
    attachments: Sequence[Attachment],
    when: dt.datetime,
) -> bytes:
    """备案报告: the cover letter to the ministry, with the key figures and the list of attachments."""
    meta = ws.meta
    info = filing_info(ws, f"关于《{meta.title}》的备案报告", "备案报告", when)
    doc = _document(info)
    _title(doc, info.title)
    _para(doc, f"{MINISTRY}：", indent=False)
    has_standards = stats.standards_by_block is not None and stats.standards > 0
    also = f"及《{standards_title(ws)}》" if has_standards else ""
    _para(
        doc,
        f"根据{basis_references(cited_basis(meta))}，{meta.authority}会同有关部门研究制定了《{meta.title}》{also}，"
        "现将有关情况报告如下，请予审核备案。",
    )
    _heading(doc, "一、目录概况")
    _para(doc, _structure_sentence(stats))
    _para(doc, _industry_sentence(stats))
    _heading(doc, "二、征求意见情况")
    _para(doc, _consultation_sentence(stats))
    if has_standards:
        _heading(doc, "三、外国高端人才认定标准")
        _para(doc, _standards_sentence(stats))
    _heading(doc, f"{'四' if has_standards else '三'}、有效期")
    _para(doc, _validity_sentence(stats))
    _heading(doc, f"{'五' if has_standards else '四'}、校验情况")
    _para(
        doc,
        f"目录已按{validation.code_list}逐行校验，共{validation.rows}行，{_validation_outcome(validation)}",
    )
    _para(doc, "附件：", indent=False).paragraph_format.keep_with_next = True
    for number, item in enumerate(attachments, start=1):
        _para(doc, f"{number}. {item.title_zh}（{item.name}）")
    line = contact_line(meta.contact)
    if line:
        _para(doc, line, indent=False)
    _signature(doc, meta.authority)
    return _save(doc, info)


def filing_info(
    ws: Workspace, title: str, kind: str, when: dt.datetime, category: str = "备案材料"
) -> DocumentInfo:
    """The properties of a document of the province's catalog: its title, the authority as author, the
    catalog as subject, and keywords naming the catalog, the kind of document, province and edition."""
    from catalogtool.docx_finish import DocumentInfo

    meta = ws.meta
    keywords = ("外国人来华工作指导目录", kind, ws.province.name_zh, meta.edition)
    return DocumentInfo(
        title=title,
        author=meta.authority,
        subject=meta.title,
        when=when,
        keywords=tuple(k for k in keywords if k),
        category=category,
    )


def contact_line(contact: Contact) -> str:
    """联系人：外国专家工作处 张三，电话：…，电子邮箱：…。 ('' when province.yaml names no contact)."""
    parts = [p for p in (contact.department, contact.name) if p]
    if not (parts or contact.phone or contact.email):
        return ""
    line = "联系人：" + " ".join(parts)
    if contact.phone:
        line += f"，电话：{contact.phone}"
    if contact.email:
        line += f"，电子邮箱：{contact.email}"
    return line + "。"


def drafting_explanation_docx(ws: Workspace, stats: FilingStats, codes: CodeList, when: dt.datetime) -> bytes:
    """起草说明: purpose and basis, drafting process, content with its statistics, validity."""
    meta, c = ws.meta, stats.catalog
    basis = cited_basis(meta)
    info = filing_info(ws, f"《{meta.title}》起草说明", "起草说明", when)
    doc = _document(info)
    _title(doc, info.title)

    _heading(doc, "一、起草目的和依据")
    _para(
        doc,
        f"为服务高水平对外开放，精准引进{ws.province.short_zh}重点产业发展急需的外国专业人才，"
        f"根据{basis_references(basis)}，结合本省劳动力市场供求状况和外国急需紧缺人才需求，制定本目录，"
        "作为认定外国专业人才（B类）的依据。",
    )
    if len(basis) > 1:
        _para(doc, "上述文件的有关内容如下：").paragraph_format.keep_with_next = True
    for number, item in enumerate(basis, start=1):
        _para(doc, basis_item(item, number if len(basis) > 1 else None))
    _para(
        doc,
        f"目录结构与现行{codes.label_zh}对应，按“小类”层级明确具体岗位，列出相关职业代码和能力要求"
        "（学历、工作经历、专业技能、职业资格、薪酬和年龄）。",
    )

    _heading(doc, "二、起草过程")
    _para(doc, _consultation_sentence(stats))  # it names the parties of each kind: no table repeats it
    cs = stats.consultation
    if cs is not None and cs.opinions:
        header, rows, weights = _adoption_table(cs)
        if not _trivial(rows):
            _para(doc, "各类参与方的征求和意见采纳情况如下（逐条情况见《意见采纳情况表》）：")
            _table(doc, header, rows, weights)
    opinions = ws.consultation.opinions if ws.consultation else ()
    rejected = [o for o in opinions if o.outcome in ("not_adopted", "partly")]
    partly = any(o.outcome == "partly" for o in rejected)
    if len(rejected) == 1:
        _para(doc, _rejected_sentence(rejected[0]))
    elif rejected:
        _para(doc, "未采纳或部分采纳的意见及理由如下：" if partly else "未采纳的意见及理由如下：")
        _table(
            doc,
            ["提出方", "意见", "处理结果及理由" if partly else "未采纳理由"],
            [
                [o.party, o.summary, (f"{outcome_zh(o)}：" if partly else "") + (o.response or "—")]
                for o in rejected
            ],
            (2, 3, 3),
        )

    _heading(doc, "三、主要内容")
    _subheading(doc, "（一）目录结构")
    _para(doc, _structure_sentence(stats))
    majors = [[m.code, m.name, str(m.rows), str(m.subcategories)] for m in c.by_major]
    if len(majors) > 1 and _trivial(majors):
        _para(doc, f"各大类均列入{majors[0][2]}个岗位，涉及{majors[0][3]}个小类。")
    elif not _trivial(majors):
        _table(doc, ["大类代码", "大类名称", "岗位数", "涉及小类数"], majors, (1.2, 3, 1, 1.3))
    _subheading(doc, "（二）产业分布")
    _para(doc, _industry_sentence(stats))  # it gives each industry's count: a table only adds shares
    industries = [[t.label, str(t.count), _percent(t.count, c.rows)] for t in c.by_industry]
    if not _trivial(industries):
        _table(doc, ["产业领域", "岗位数", "占比"], industries, (3, 1, 1))
    _subheading(doc, "（三）绿色职业和数字职业")
    flagged = sorted(set(c.green) | set(c.digital), key=c.occupation_codes.index)
    flags = [[code, _code_name(codes, code), _flags(code, c.green, c.digital)] for code in flagged]
    if len(flags) == 1:
        code, name, flag = flags[0]
        _para(doc, _green_digital_sentence(stats).rstrip("。") + f"，即{code}{name}（{flag}）。")
    else:
        _para(doc, _green_digital_sentence(stats))
        if flags:
            _table(doc, ["职业代码", "职业名称", "标识"], flags, (1.3, 3, 1.7))
    _subheading(doc, "（四）能力要求与国家外国专业人才（B类）基准的比较")
    _para(doc, _baseline_intro())
    education = [[t.label, str(t.count)] for t in c.education]
    if _trivial(education):
        _para(doc, _education_sentence(education))
    else:
        _table(doc, ["学历（学位）要求", "岗位数"], education, (3, 1))
    for sentence in _requirement_sentences(stats):
        _para(doc, sentence)
    if len(c.below_baseline) > 1:
        _table(doc, BELOW_BASELINE_HEADER, _below_baseline_table(c), (0.8, 2.2, 2, 2, 3))

    if stats.standards_by_block is not None:
        _heading(doc, "四、外国高端人才认定标准")
        _para(doc, _standards_sentence(stats))  # it gives each kind's count: no table repeats it
    _heading(doc, f"{'五' if stats.standards_by_block is not None else '四'}、有效期")
    _para(doc, _validity_sentence(stats))
    return _save(doc, info)


# --- tables worth drawing -------------------------------------------------------------------------


def _trivial(rows: Sequence[Sequence[str]]) -> bool:
    """A table that says nothing a sentence would not: at most one row, or every column after the first
    the same all the way down (a column of 1s)."""
    if len(rows) <= 1:
        return True
    return all(len({r[i] for r in rows}) == 1 for i in range(1, len(rows[0])))


def _education_sentence(rows: Sequence[Sequence[str]]) -> str:
    """The education table as a sentence: 各岗位的学历（学位）要求均为硕士。 / 博士5个、硕士5个。"""
    if not rows:
        return "各岗位均未规定学历（学位）要求。"
    if len(rows) == 1:
        return f"各岗位的学历（学位）要求均为{rows[0][0]}。"
    return "学历（学位）要求：" + "、".join(f"{label}{n}个" for label, n in rows) + "。"


_ADOPTION_HEADER = (
    "参与方类别",
    "征求单位（家）",
    "提出意见（家）",
    "意见（条）",
    "采纳",
    "部分采纳",
    "未采纳",
    "待定",
)
_ADOPTION_WEIGHTS = (2.4, 1.4, 1.4, 1.2, 0.9, 1.3, 1.1, 0.9)


def _adoption_table(cs: ConsultationStats) -> tuple[list[str], list[list[str]], list[float]]:
    """Parties consulted, parties that answered, opinions and their outcomes by kind of party; an
    outcome no opinion had (a column of 0s) is left out."""
    rows = [
        [t.label, str(t.parties), str(t.responding), str(t.opinions), *map(str, t.outcomes())]
        for t in cs.adoption_by_type
        if t.parties or t.opinions
    ]
    keep = [i for i in range(len(_ADOPTION_HEADER)) if i < 4 or any(r[i] != "0" for r in rows)]
    return (
        [_ADOPTION_HEADER[i] for i in keep],
        [[r[i] for i in keep] for r in rows],
        [_ADOPTION_WEIGHTS[i] for i in keep],
    )


def _rejected_sentence(o: Opinion) -> str:
    """The one opinion not (fully) adopted, as a sentence instead of a one-row table."""
    summary = o.summary.rstrip("。；;. ")
    reason = (o.response or "未说明").rstrip("。；;. ")
    return f"{o.party}提出的意见“{summary}”{outcome_zh(o)}，理由：{reason}。"


# --- the basis (province.yaml basis:, cited as given: never a guessed title) -------------------------


def basis_references(basis: Sequence[BasisDocument]) -> str:
    """The documents as one phrase: A、B和C."""
    refs = [basis_reference(b) for b in basis]
    return refs[0] if len(refs) == 1 else "、".join(refs[:-1]) + "和" + refs[-1]


def basis_item(b: BasisDocument, number: int | None = None) -> str:
    """1. 2017年3月28日，国家外国专家局…印发《…》（外专发〔2017〕40号）：description。"""
    when = f"{date_zh(b.date)}，" if b.date is not None else ""
    lead = f"{number}. " if number is not None else ""
    text = b.description.rstrip("。；;.，, ")
    return f"{lead}{when}{b.issuer}印发{b.cited_as}：{text}。"


# --- sentences (every number from the stats) ------------------------------------------------------


def _structure_sentence(stats: FilingStats) -> str:
    c = stats.catalog
    majors = "、".join(f"{m.code}（{m.name}）" for m in c.by_major)
    text = (
        f"目录按照{CLASSIFICATION}“小类”层级编制，共列入{c.rows}个岗位，涉及{c.subcategories}个职业小类、"
        f"{len(c.occupation_codes)}个职业（细类）代码，分布在{len(c.by_major)}个大类"
    )
    text += f"：{majors}。" if majors else "。"
    if c.rows_without_occupations:
        text += f"其中{c.rows_without_occupations}个岗位仅列至小类，未列职业代码。"
    return text


def _industry_sentence(stats: FilingStats) -> str:
    c = stats.catalog
    if not c.by_industry:
        return "目录未填写产业领域。"
    parts = "、".join(f"{t.label}{t.count}个" for t in c.by_industry)
    text = f"岗位覆盖{len(c.by_industry)}个产业领域：{parts}。"
    if c.industries_outside_key:
        text += f"其中{'、'.join(c.industries_outside_key)}不在本省重点产业之列。"
    return text


def _green_digital_sentence(stats: FilingStats) -> str:
    c = stats.catalog
    total = len(c.occupation_codes)
    if not total:
        return "目录未列出职业（细类）代码。"
    both = len(set(c.green) & set(c.digital))
    if not c.green and not c.digital:
        return f"目录所列{total}个职业（细类）代码中，无绿色职业（L）或数字职业（S）。"
    text = f"目录所列{total}个职业（细类）代码中，" + "，".join(
        f"{label}{n}个" if n else f"无{label}"
        for label, n in (("绿色职业（L）", len(c.green)), ("数字职业（S）", len(c.digital)))
    )
    if both:
        text += f"，其中{both}个既是绿色职业又是数字职业"
    return text + "。"


def _baseline_intro() -> str:
    edu = EDUCATION_LEVELS[BASELINE.education][0]
    return (
        f"国家外国专业人才（B类）基准为：{edu}及以上学位、{BASELINE.experience_years:g}年以上相关工作经历、"
        f"年龄不超过{BASELINE.age_max}周岁。目录各岗位要求与基准比较如下。"
    )


def _counts(parts: Sequence[tuple[str, int]], unit: str = "个", sep: str = "、") -> str:
    """The non-zero counts, as 高于基准24个、与基准相同15个 (a 0个 reads as an oversight); 无 if none."""
    return sep.join(f"{label}{n}{unit}" for label, n in parts if n) or "无"


def _comparison(c: Comparison, above: str, equal: str, below: str) -> str:
    # An empty optional field states no requirement: it is counted apart from what could not be read.
    parts = [
        (above, c.above),
        (equal, c.equal),
        (below, c.below),
        ("未作规定", c.not_stated),
        ("表述未能识别", c.unknown),
    ]
    used = [label for label, n in parts if n]
    if len(used) == 1:  # 均高于基准, not 高于基准39个
        return "表述均未能识别" if c.unknown else f"均{used[0]}"
    return _counts(parts)


def _requirement_sentences(stats: FilingStats) -> list[str]:
    c = stats.catalog
    edu = EDUCATION_LEVELS[BASELINE.education][0]
    years = f"{BASELINE.experience_years:g}"
    out = [
        f"学历：与{edu}基准相比，"
        + _comparison(c.education_vs_baseline, "高于基准", "与基准相同", "低于基准")
        + "。",
    ]
    if c.experience_min is not None and c.experience_min == c.experience_max:
        span = f"各岗位的最低工作年限要求均为{c.experience_min:g}年"
    elif c.experience_min is not None and c.experience_max is not None and c.experience_median is not None:
        span = f"最低工作年限要求在{c.experience_min:g}至{c.experience_max:g}年之间（中位数{c.experience_median:g}年）"
    elif c.experience_vs_baseline.unknown:
        span = "各岗位的工作年限要求均未能识别"
    else:
        span = "各岗位均未规定工作年限要求"
    out.append(
        f"工作经历：{span}；与{years}年基准相比，"
        + _comparison(c.experience_vs_baseline, "高于基准", "与基准相同", "低于基准")
        + "。"
    )
    out.append(
        f"年龄：与{BASELINE.age_max}周岁上限相比，"
        + _comparison(c.age_vs_baseline, "更严格", "与基准一致", "有所放宽")
        + "。"
    )
    out.append(_salary_sentence(stats))
    if len(c.below_baseline) == 1:  # one row: named in the sentence itself
        seq, subcategory, position, gaps, reason = _below_baseline_table(c)[0]
        number = f"序号{seq}" if seq.isdigit() else seq
        out.append(
            f"共有1个岗位的要求低于国家B类基准：{number}“{position}”（{subcategory}）{gaps}，"
            f"理由：{reason.rstrip('。；;. ')}。"
        )
    elif c.below_baseline_rows:  # the table after this sentence names each row and its reason
        out.append(f"共有{c.below_baseline_rows}个岗位的要求低于国家B类基准，逐一说明如下：")
    else:
        out.append("所有岗位的要求均不低于国家B类基准。")
    return out


def _salary_sentence(stats: FilingStats) -> str:
    c = stats.catalog
    multiple, annual = "按当地上年度社会平均工资倍数表述", "按年薪金额表述"
    stated = c.salary_multiple + c.salary_annual
    if not stated and not c.salary_unknown:
        return "薪酬：各岗位均未规定薪酬要求。"
    parts = []
    if stated:
        if c.salary_multiple and c.salary_annual:
            how = f"其中{multiple}{c.salary_multiple}个、{annual}{c.salary_annual}个"
        else:
            how = "均" + (multiple if c.salary_multiple else annual)
        parts.append(f"{stated}个岗位规定了薪酬要求，{how}")
    if c.salary_unknown:
        parts.append(f"{c.salary_unknown}个岗位的薪酬表述未能识别")
    if c.salary_not_stated:
        rest = "其余" if len(parts) == 1 and stated else ""
        parts.append(f"{rest}{c.salary_not_stated}个岗位未规定薪酬要求")
    return "薪酬：" + "；".join(parts) + "。"


#: The columns of the table of rows below the baseline in the drafting explanation.
BELOW_BASELINE_HEADER = ("序号", "职业小类", "岗位名称", "放宽的要求", "理由（目录备注）")


def _below_baseline_table(c: CatalogStats) -> list[list[str]]:
    return [
        [
            str(r.seq) if r.seq is not None else f"第{r.number}行",
            f"{r.subcategory_code} {r.subcategory_name}".strip(),
            r.position,
            "、".join(r.gaps),
            r.notes if r.justified else "（备注未说明理由）",
        ]
        for r in c.below_baseline
    ]


def _consultation_sentence(stats: FilingStats) -> str:
    cs = stats.consultation
    if cs is None:
        return "未提供征求意见记录。"
    when = ""
    if cs.start is not None and cs.end is not None:
        when = f"{date_zh(cs.start)}至{date_zh(cs.end)}，"
    text = f"{when}按照通知要求，吸收行业协会、人力资源服务机构和有关政府部门参与"
    if cs.parties:
        kinds = _counts([(t.label, t.count) for t in cs.by_type], "家")
        text += f"，共征求{cs.parties}家单位的意见（{kinds}）"
    if not cs.opinions:
        return text + "，未收到意见。"
    if cs.adopted == cs.opinions:
        return text + f"，收到意见{cs.opinions}条，全部采纳。"
    outcome = _counts(
        [("采纳", cs.adopted), ("部分采纳", cs.partly), ("未采纳", cs.not_adopted), ("待定", cs.undecided)],
        "条",
        "，",
    )
    return text + f"，收到意见{cs.opinions}条，{outcome}。"


def _validation_outcome(v: ValidationSummary) -> str:
    notes = _counts([("警告", v.warnings), ("提示", v.infos)], "条")
    if notes == "无":
        return "未发现错误或警告。"
    return f"未发现错误；另有{notes}，详见校验报告。"


def _standards_sentence(stats: FilingStats) -> str:
    blocks = stats.standards_by_block or ()
    used = [t for t in blocks if t.count]
    if not used:
        return "本省未另行制定外国高端人才认定标准。"
    return (
        f"在国家统一标准基础上，结合本省重点产业制定外国高端人才（A类）认定标准{stats.standards}条："
        f"{_each([(t.label, t.count) for t in used], '条')}。"
    )


def _each(parts: Sequence[tuple[str, int]], unit: str) -> str:
    """入选人才计划2条、部门推荐1条; the same count throughout is said once: 入选人才计划、部门推荐各1条."""
    if len(parts) > 1 and len({n for _, n in parts}) == 1:
        return "、".join(label for label, _ in parts) + f"各{parts[0][1]}{unit}"
    return "、".join(f"{label}{n}{unit}" for label, n in parts)


def _validity_sentence(stats: FilingStats) -> str:
    if stats.effective_date is None or stats.expiry_date is None or stats.validity_years is None:
        return "有效期未确定。"
    return (
        f"目录自{date_zh(stats.effective_date)}起施行，有效期{stats.validity_years}年，"
        f"至{date_zh(stats.expiry_date)}止。有效期满未作调整的，自动失效。"
    )


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


def _code_name(codes: CodeList, code: str) -> str:
    entry = codes.get(code)
    return entry.name if entry is not None else ""


def _flags(code: str, green: Sequence[str], digital: Sequence[str]) -> str:
    return "、".join(
        label for label, on in (("绿色职业", code in green), ("数字职业", code in digital)) if on
    )


# --- docx layout --------------------------------------------------------------------------------


def _document(info: DocumentInfo) -> Any:
    """A new A4 document in the style of official documents; ``info`` becomes its properties on save."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    from catalogtool.docx_finish import prepare

    doc = Document()
    prepare(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.name = _BODY_FONT
    normal.font.size = Pt(16)  # 三号, the usual size of official documents
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), _BODY_FONT)
    _page_number_footer(section)
    return doc


def _page_number_footer(section: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    para = section.footer.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.add_run("— ")
    para._p.append(
        parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>')
    )
    para.add_run(" —")


def _font(run: Any, name: str, size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


#: Full-width characters on one line of the title (二号 on the A4 text width of the page).
_TITLE_LINE = 20
#: The edition at the end of a catalog title, kept whole on the title's second line.
_EDITION = re.compile(r"（\d{4}年版）")


def title_lines(text: str) -> list[str]:
    """The title as it is set: a title too long for one line breaks before its edition "（2026年版）",
    so that a renderer's own line break never splits it (as "（2026年 / 版）》起草说明")."""
    editions = list(_EDITION.finditer(text))
    if text_width(text) <= 2 * _TITLE_LINE or not editions:
        return [text]
    cut = editions[-1].start()
    return [text[:cut], text[cut:]]


def _title(doc: Any, text: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    para = doc.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.paragraph_format.keep_with_next = True
    first, *rest = title_lines(document_text(text))
    run = para.add_run(first)
    for line in rest:
        run.add_break()
        run.add_text(line)
    _font(run, _TITLE_FONT, 22, bold=True)  # 二号


def _heading(doc: Any, text: str) -> None:
    para = _new_paragraph(doc)
    para.paragraph_format.first_line_indent = _indent()
    para.paragraph_format.keep_with_next = True  # never the last line of a page
    _font(para.add_run(document_text(text)), _HEADING_FONT, 16)


def _subheading(doc: Any, text: str) -> None:
    para = _new_paragraph(doc)
    para.paragraph_format.first_line_indent = _indent()
    para.paragraph_format.keep_with_next = True
    _font(para.add_run(document_text(text)), _BODY_FONT, 16, bold=True)


def _new_paragraph(doc: Any, text: str = "") -> Any:
    """A paragraph at the end of the body, set off from a table just before it."""
    from docx.shared import Pt

    para = doc.add_paragraph(document_text(text))
    previous = para._p.getprevious()
    if previous is not None and previous.tag.endswith("}tbl"):
        para.paragraph_format.space_before = Pt(12)
    return para


def _indent() -> Any:
    from docx.shared import Pt

    return Pt(32)  # two characters of 三号


def _para(doc: Any, text: str, indent: bool = True) -> Any:
    para = _new_paragraph(doc, text)
    if indent:
        para.paragraph_format.first_line_indent = _indent()
    return para


_NUMBER = re.compile(r"\d+(?:\.\d+)?%?")
#: A table of at most this many rows is kept whole on one page rather than split after a row or two.
_WHOLE_TABLE_ROWS = 12
#: The text width of the page (A4 less the margins set in _document), shared out among table columns.
_TEXT_WIDTH_MM = 210 - 28 - 26


def _table(
    doc: Any,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    weights: Sequence[float],
    width_mm: float = _TEXT_WIDTH_MM,
    size: float = 12,
) -> None:
    """A grid table whose columns share the text width (``width_mm``) by weight (narrow codes and
    counts, wide names); the header row repeats on every page, no row splits across pages, and the
    paragraph that introduces the table stays on the page of its first rows. ``size`` is the font size."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Mm, Pt
    from docx.text.paragraph import Paragraph

    table = doc.add_table(rows=1, cols=len(header))
    previous = table._tbl.getprevious()
    if previous is not None and previous.tag.endswith("}p"):
        lead = Paragraph(previous, table._parent).paragraph_format
        lead.keep_with_next = True
        lead.space_after = Pt(6)
    table.style = "Table Grid"
    table.autofit = False
    total = sum(weights)
    widths = [Mm(width_mm * w / total) for w in weights]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid LibreOffice reads; each cell's own width is what Word reads
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _cell(cell, text, _HEADING_FONT, size).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            para = _cell(cell, text, _BODY_FONT, size)
            if _NUMBER.fullmatch(text):  # counts and shares centred under their header
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    whole = len(rows) <= _WHOLE_TABLE_ROWS
    for i, row in enumerate(table.rows):
        # The header row repeats and is not also marked cantSplit: LibreOffice then loses the rows of a
        # table that starts at the foot of a page.
        row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader" if i == 0 else "w:cantSplit"))
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
            if whole and i < len(rows):  # a short table is kept on one page: each row with the next
                for para in cell.paragraphs:
                    para.paragraph_format.keep_with_next = True


#: Word's default cell margins (0.08 inch left and right), and a Latin letter or digit in ems.
_CELL_PADDING_MM = 2 * 0.08 * 25.4 + 0.5  # and half a millimetre to spare: renderers differ a little
_LATIN_EM = 0.6
_BREAKS = re.compile(r"[\s;,，；、]+")  # where a cell of codes may wrap; a code itself never does


def _text_mm(text: str, em: float) -> float:
    return sum(em if unicodedata.east_asian_width(ch) in "WF" else _LATIN_EM * em for ch in text)


def fit_widths(
    header: Sequence[str], rows: Sequence[Sequence[str]], width_mm: float, size: float
) -> list[float]:
    """Column widths (mm) that share ``width_mm`` by content, for a wide table of catalog rows.

    Each column asks for the width of its typical cell (the 80th percentile: one occupation code, 集成电路,
    60周岁以下), never less than its header on two lines or its longest code (codes are not broken). When
    the asks exceed the page, short values get what they ask and the text columns (names, skills) share
    what is left in proportion to their asks; width to spare goes first to the columns whose longest cell still wraps
    (the skills), so long text wraps there and short values stay on one line. ``size`` is in points."""
    em = size * 25.4 / 72
    floor, ask, longest = [], [], []
    for i, label in enumerate(header):
        cells = sorted(_text_mm(r[i], em) for r in rows) or [0.0]
        codes = [_text_mm(t, em) for r in rows for t in _BREAKS.split(r[i]) if t.isascii()]
        least = max([2 * em, math.ceil(len(label) / 2) * em, *codes]) + _CELL_PADDING_MM
        floor.append(least)
        ask.append(max(least, cells[int(0.8 * (len(cells) - 1))] + _CELL_PADDING_MM))
        longest.append(max(least, cells[-1] + _CELL_PADDING_MM))
    widths = list(floor)
    budget = width_mm - sum(floor)
    short_value = 1.5 * width_mm / len(header)  # a column asking more holds text meant to wrap
    unmet = []
    for i in sorted(range(len(header)), key=lambda i: ask[i]):  # short values first, smallest first
        if ask[i] <= short_value and ask[i] - floor[i] <= budget:
            budget -= ask[i] - floor[i]
            widths[i] = ask[i]
        elif ask[i] > floor[i]:
            unmet.append(i)
    if unmet and sum(ask[i] - floor[i] for i in unmet) > budget:  # text columns share what is left
        wanted = sum(ask[i] for i in unmet)
        for i in unmet:
            widths[i] += budget * ask[i] / wanted
        return [w * width_mm / sum(widths) for w in widths]
    for i in unmet:
        widths[i] = ask[i]
    spare = width_mm - sum(widths)
    short = {i: longest[i] - widths[i] for i in range(len(header)) if longest[i] > widths[i]}
    for i, lack in short.items():
        widths[i] += min(lack, spare * lack / sum(short.values()))
    return [w * width_mm / sum(widths) for w in widths]


def _cell(cell: Any, text: str, font: str, size: float = 12) -> Any:
    cell.text = ""
    para = cell.paragraphs[0]
    _font(para.add_run(document_text(text)), font, size)
    return para


def _signature(doc: Any, authority: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc.add_paragraph()
    for text in (authority, "年　　月　　日"):  # dated and sealed by hand when filed
        para = doc.add_paragraph(document_text(text))
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _save(doc: Any, info: DocumentInfo) -> bytes:
    """The finished document's bytes (:func:`catalogtool.docx_finish.finish`)."""
    from catalogtool.docx_finish import finish

    return finish(doc, info)


# --- xlsx ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetTable:
    """A one-sheet print-ready table: its sheet name and header labels (in row TABLE_HEADER_ROW)."""

    sheet: str
    header: tuple[str, ...]
    widths: tuple[float, ...]


#: The row of the header in every one-sheet table: below the title and subtitle rows.
TABLE_HEADER_ROW = 3
STANDARDS_TABLE = SheetTable(
    "认定标准", ("编号", "类别", "认定标准", "证明材料", "备注"), (12, 18, 60, 36, 20)
)
CONSULTATION_TABLE = SheetTable(
    "征求意见",
    ("序号", "单位名称", "类别", "征求意见日期", "意见摘要", "是否采纳", "处理情况"),
    (6, 30, 16, 14, 44, 10, 40),
)


ADOPTION_TABLE = SheetTable(
    "意见采纳情况",
    ("序号", "提出单位", "单位类别", "涉及岗位", "意见类型", "意见内容", "理由", "处理结果", "处理说明"),
    (6, 24, 14, 26, 8, 44, 26, 10, 36),
)
ADOPTION_COUNTS_TABLE = SheetTable(
    "分类统计",
    (
        "单位类别",
        "征求意见单位（家）",
        "提出意见单位（家）",
        "意见（条）",
        "采纳",
        "部分采纳",
        "未采纳",
        "待定",
    ),
    (22, 12, 12, 10, 8, 10, 8, 8),
)


def standards_title(ws: Workspace) -> str:
    """江苏省外国高端人才（A类）认定标准: the table's title, and its name in the filing report."""
    return f"{ws.province.name_zh}外国高端人才（A类）认定标准"


def standards_xlsx(ws: Workspace, when: dt.datetime) -> bytes:
    """The local Category A standards as a print-ready table."""
    title = standards_title(ws)
    rows = [
        [s.id, STANDARD_BLOCKS.get(s.block, (s.block, ""))[0], s.text, "；".join(s.evidence), s.notes]
        for s in ws.standards or ()
    ]
    return _table_xlsx(title, ws.meta.title, STANDARDS_TABLE, rows, when)


def outcome_zh(opinion: Opinion) -> str:
    """采纳 / 部分采纳 / 未采纳 / 待定 (a value the schema check refused counts as undecided)."""
    return OUTCOMES.get(opinion.outcome, OUTCOMES["undecided"])[0]


def consultation_xlsx(ws: Workspace, when: dt.datetime) -> bytes:
    """The consultation record: every party, each with its opinions (who, type, when, opinion, outcome)."""
    c = ws.consultation
    rows: list[list[str]] = []
    if c is not None:
        for party in c.parties:
            kind = PARTY_TYPES.get(party.type, (party.type, ""))[0]
            when_text = party.date.isoformat() if party.date else ""
            opinions = [o for o in c.opinions if name_key(o.party) == name_key(party.name)]
            if not opinions:
                rows.append([party.name, kind, when_text, "（无意见）", "", ""])
            for o in opinions:
                rows.append([party.name, kind, when_text, o.summary, outcome_zh(o), o.response])
        known = {name_key(p.name) for p in c.parties}
        for o in c.opinions:
            if name_key(o.party) not in known:
                rows.append([o.party, "", "", o.summary, outcome_zh(o), o.response])
    subtitle = ws.meta.title
    if c is not None and c.period_start and c.period_end:
        subtitle += f"　征求意见时间：{date_zh(c.period_start)}至{date_zh(c.period_end)}"
    numbered = [[str(i), *r] for i, r in enumerate(rows, start=1)]
    return _table_xlsx("征求意见情况汇总表", subtitle, CONSULTATION_TABLE, numbered, when)


def opinion_row_text(o: Opinion) -> str:
    """The row an opinion answers, as the adoption table names it: 1. 2-02-38 芯片设计工程师, 新增岗位."""
    if o.new_row:
        position = o.proposal.get("position", "")
        return f"新增岗位：{position}" if position else "新增岗位"
    if o.row is None:
        return "目录整体" if o.source_file else ""
    seq = f"{o.row.seq}. " if o.row.seq is not None else ""
    return f"{seq}{o.row.code} {o.row.position}".strip()


def adoption_xlsx(ws: Workspace, stats: FilingStats, when: dt.datetime) -> bytes:
    """意见采纳情况表: every opinion (party by party, in the order of consultation.yaml) with its outcome and
    the response, and on a second sheet the counts by kind of party."""
    c = ws.consultation
    opinions = list(c.opinions) if c is not None else []
    order = {name_key(p.name): i for i, p in enumerate(c.parties)} if c is not None else {}
    type_of = {name_key(p.name): p.type for p in c.parties} if c is not None else {}
    opinions.sort(key=lambda o: order.get(name_key(o.party), len(order)))
    rows = [
        [
            str(i),
            o.party,
            PARTY_TYPES.get(type_of.get(name_key(o.party), ""), ("", ""))[0],
            opinion_row_text(o),
            OPINION_KINDS.get(o.kind, ("", ""))[0],
            o.summary,
            o.reason,
            outcome_zh(o),
            o.response,
        ]
        for i, o in enumerate(opinions, start=1)
    ]
    cs = stats.consultation
    counts = [
        [t.label, str(t.parties), str(t.responding), str(t.opinions), *map(str, t.outcomes())]
        for t in (cs.adoption_by_type if cs is not None else ())
    ]
    if cs is not None:
        counts.append(
            [
                "合计",
                str(cs.parties),
                str(len({name_key(o.party) for o in opinions})),
                str(cs.opinions),
                str(cs.adopted),
                str(cs.partly),
                str(cs.not_adopted),
                str(cs.undecided),
            ]
        )
    subtitle = ws.meta.title
    if c is not None and c.period_start and c.period_end:
        subtitle += f"　征求意见时间：{date_zh(c.period_start)}至{date_zh(c.period_end)}"
    return tables_xlsx(
        [
            ("意见采纳情况表", subtitle, ADOPTION_TABLE, rows),
            ("意见采纳情况分类统计", subtitle, ADOPTION_COUNTS_TABLE, counts),
        ],
        when,
    )


_XLSX_DATA_FONT = "宋体"
_XLSX_SIZE = 11


def _table_xlsx(
    title: str, subtitle: str, table: SheetTable, rows: Sequence[Sequence[str]], when: dt.datetime
) -> bytes:
    """A one-sheet workbook: title, subtitle, header row repeated on every A4 landscape page, page numbers."""
    return tables_xlsx([(title, subtitle, table, rows)], when)


def tables_xlsx(
    tables: Sequence[tuple[str, str, SheetTable, Sequence[Sequence[str]]]], when: dt.datetime
) -> bytes:
    """A workbook of print-ready table sheets, one per (title, subtitle, table, rows); its title is the
    first sheet's."""
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    wb = Workbook()
    for i, (title, subtitle, table, rows) in enumerate(tables):
        sheet = wb.active if i == 0 else wb.create_sheet()
        assert isinstance(sheet, Worksheet)  # a new workbook always has one sheet
        _table_sheet(sheet, title, subtitle, table, rows)
    wb.properties.creator = "catalogtool"
    wb.properties.title = document_text(tables[0][0])
    wb.properties.created = wb.properties.modified = when.replace(tzinfo=None)
    return workbook_bytes(wb)


def _table_sheet(
    sheet: Any, title: str, subtitle: str, table: SheetTable, rows: Sequence[Sequence[str]]
) -> None:
    """Fill ``sheet``: title, subtitle, header row repeated on every A4 landscape page, page numbers."""
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    sheet.title = table.sheet
    header, top = table.header, TABLE_HEADER_ROW
    last = get_column_letter(len(header))
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    # Explicit Chinese fonts (charset 134, GB2312): the workbook default, Calibri, has no CJK glyphs.
    data_font = Font(name=_XLSX_DATA_FONT, size=_XLSX_SIZE, charset=134)
    heading_font = Font(name=_HEADING_FONT, size=_XLSX_SIZE, bold=True, charset=134)
    # Every cell, title and subtitle included, is written through safe_cells.set_cell: a title from
    # province.yaml is text, never a formula.
    set_cell(sheet.cell(1, 1), title)
    sheet.cell(1, 1).font = Font(name=_HEADING_FONT, size=16, bold=True, charset=134)
    sheet.cell(1, 1).alignment = Alignment(horizontal="center", vertical="center")
    sheet.merge_cells(f"A1:{last}1")
    sheet.row_dimensions[1].height = 30
    set_cell(sheet.cell(2, 1), subtitle)
    sheet.cell(2, 1).font = data_font
    sheet.cell(2, 1).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.merge_cells(f"A2:{last}2")
    sheet.row_dimensions[2].height = row_height([subtitle], [sum(table.widths)], font_size=_XLSX_SIZE)
    for col, (text, width) in enumerate(zip(header, table.widths, strict=True), start=1):
        cell = sheet.cell(top, col)
        set_cell(cell, text)
        cell.font = heading_font
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.row_dimensions[top].height = row_height(header, table.widths, font_size=_XLSX_SIZE)
    for r, values in enumerate(rows, start=top + 1):
        for col, text in enumerate(values, start=1):
            # Always text: a party name or id must never be read as a number, date or formula.
            data_cell = sheet.cell(r, col)
            set_cell(data_cell, text)
            data_cell.font = data_font
            data_cell.alignment = wrap
            data_cell.border = border
        # Neither Excel nor LibreOffice fits a row to wrapped text it has not laid out: without a height,
        # a long standard is drawn over the rows below it.
        sheet.row_dimensions[r].height = row_height(values, table.widths, font_size=_XLSX_SIZE)
    sheet.freeze_panes = f"A{top + 1}"
    a4_print_setup(sheet, f"{top}:{top}")
