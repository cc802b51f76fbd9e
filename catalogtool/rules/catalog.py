"""Catalog-level rules (family 5): the workspace around a catalog, as the ministry notice requires.

The rule texts, the facts they check against (kinds of consulted party, the seven Category A
blocks, the 3–5 year validity) and the checks over a loaded :class:`~catalogtool.workspace_model.Workspace`.
Loading and the schema check (CT516) are in :mod:`catalogtool.workspace`;
:func:`catalogtool.workspace.workspace_findings` runs both.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from catalogtool.model import CatalogRow, Finding, Location, row_words
from catalogtool.normalize import fold
from catalogtool.provinces import UnknownProvinceError, find_province
from catalogtool.rules.checks import CatalogCheck, active
from catalogtool.rules.registry import Rule

if TYPE_CHECKING:
    from catalogtool.workspace_model import Consultation, Standard, Workspace

#: Kinds of consulted party (consultation.schema.json enum): key → (zh, en).
PARTY_TYPES: Mapping[str, tuple[str, str]] = {
    "industry_association": ("行业协会", "industry association"),
    "hr_service_agency": ("人力资源服务机构", "human resources service agency"),
    "government_department": ("政府有关部门", "government department"),
    "employer": ("用人单位", "employer"),
    "public": ("社会公众", "the public"),
}
#: Kinds of opinion on a feedback form (consultation.schema.json enum): key → (zh, en).
OPINION_KINDS: Mapping[str, tuple[str, str]] = {
    "modify": ("修改", "change"),
    "delete": ("删除", "delete"),
    "add": ("新增", "add"),
    "other": ("其他", "other"),
}
#: What became of an opinion (``adopted:`` true / partly / false / null): outcome → (zh, en).
OUTCOMES: Mapping[str, tuple[str, str]] = {
    "adopted": ("采纳", "adopted"),
    "partly": ("部分采纳", "partly adopted"),
    "not_adopted": ("未采纳", "not adopted"),
    "undecided": ("待定", "undecided"),
}
#: The three kinds notice §3 requires to take part in drafting.
REQUIRED_PARTY_TYPES: tuple[str, ...] = ("industry_association", "hr_service_agency", "government_department")

#: The seven blocks of the national Category A standard (standards.schema.json enum): key → (zh, en).
STANDARD_BLOCKS: Mapping[str, tuple[str, str]] = {
    "talent_programme": ("入选人才计划", "talent programme"),
    "recognised_achievement": ("国际公认的专业成就", "internationally recognised achievement"),
    "market_encouraged_post": ("市场鼓励类岗位", "market-encouraged post"),
    "innovation_entrepreneurship": ("创新创业人才", "innovation and entrepreneurship"),
    "outstanding_young_talent": ("优秀青年人才", "outstanding young talent"),
    "points": ("计点积分85分以上", "points (≥ 85)"),
    "department_recommended": ("部门推荐", "recommended by a department"),
}

#: Notice §4: validity "generally 3 to 5 years".
VALIDITY_YEARS_RANGE = (3, 5)
#: Warn this many days before the catalog lapses.
EXPIRY_WARNING_DAYS = 180


UNKNOWN_PROVINCE = Rule(
    id="CT501",
    slug="unknown-province",
    severity="error",
    title_en="Province not recognised",
    title_zh="省份无法识别",
    message_en="province.yaml names no known provincial-level division (got {value}).",
    message_zh="province.yaml 中的省份无法识别（填写为 {value}）。",
    hint_en="Write the two-letter code (JS), CN-JS, the GB/T 2260 code (320000) or the Chinese name "
    "(江苏省).",
    hint_zh="请填写两字母代码（JS）、CN-JS、GB/T 2260 代码（320000）或中文全称（江苏省）。",
    explanation_en=(
        "The Guidance Catalog is drafted and filed by a provincial-level human resources and social "
        "security department (notice §3); areas below the provincial level should not set their own. "
        "The province must be one of the 31 mainland provincial-level divisions."
    ),
    explanation_zh=(
        "指导目录由省级人力资源社会保障部门（外国人来华工作管理部门）研究制定并报备（通知第三、四条），"
        "省级以下原则上不单独制定。省份须为内地 31 个省级行政区之一。"
    ),
    example_en="province: JS",
    example_zh="province: JS",
)

PROVINCE_MISMATCH = Rule(
    id="CT502",
    slug="province-mismatch",
    severity="error",
    title_en="Province differs from its folder",
    title_zh="省份与所在文件夹不一致",
    message_en="province.yaml says {declared}, but it sits in the folder of {folder}.",
    message_zh="province.yaml 中的省份为 {declared}，但文件位于 {folder} 的文件夹中。",
    hint_en="Move the files to provinces/{abbr}/ or correct the province field.",
    hint_zh="请将文件移至 provinces/{abbr}/，或更正 province 字段。",
    explanation_en=(
        "Each province's files live in provinces/<code>/. A province.yaml copied from another province "
        "would file the wrong catalog under the wrong name."
    ),
    explanation_zh=(
        "各省文件放在 provinces/<代码>/ 下。从其他省份复制而未修改的 province.yaml 会导致以错误名义报备目录。"
    ),
    example_en="provinces/JS/province.yaml → province: JS",
    example_zh="provinces/JS/province.yaml → province: JS",
)

MISSING_AUTHORITY = Rule(
    id="CT503",
    slug="missing-authority",
    severity="error",
    title_en="Issuing authority missing",
    title_zh="缺少发布机关",
    message_en="province.yaml does not name the issuing authority.",
    message_zh="province.yaml 未填写发布机关（authority）。",
    hint_en="Usually: {suggestion}.",
    hint_zh="通常为：{suggestion}。",
    explanation_en=(
        "The catalog is issued by the provincial human resources and social security department "
        "responsible for foreign expert work (notice §3–§4); the filing report and the published "
        "catalog name it."
    ),
    explanation_zh="目录由负责外国专家工作的省级人力资源社会保障部门发布（通知第三、四条），备案报告和公布的目录均须写明。",
    example_en="authority: 江苏省人力资源和社会保障厅",
    example_zh="authority: 江苏省人力资源和社会保障厅",
)

BASIS_DEFAULT = Rule(
    id="CT521",
    slug="basis-default",
    severity="info",
    title_en="Default basis documents cited",
    title_zh="引用默认起草依据",
    message_en=(
        "province.yaml lists no basis documents (basis:); the drafting explanation, filing report and "
        "consultation letter cite the defaults: {documents}."
    ),
    message_zh="province.yaml 未填写起草依据（basis:），起草说明、备案报告和征求意见函将引用默认依据：{documents}。",
    hint_en="To cite other documents, list them under basis: (see the province.yaml `catalogtool new` writes).",
    hint_zh="如需引用其他文件，请在 basis: 下逐项填写（格式见 catalogtool new 生成的 province.yaml）。",
    explanation_en=(
        "The drafting explanation, the filing report and the consultation letter open with the documents "
        "the catalog rests on. A province.yaml without basis: (one written before the field existed, or by "
        "hand) gets the list `catalogtool new` writes: the 2025 notice and the 2017 classification "
        "standard. This note says so, so that nobody files documents citing a basis they did not choose."
    ),
    explanation_zh=(
        "起草说明、备案报告和征求意见函开头均引用目录的起草依据。province.yaml 未填写 basis:（早于该字段生成的文件"
        "或手工编写的文件）时，引用 catalogtool new 写入的默认依据：2025年通知和2017年分类标准。此提示说明这一点，"
        "以免在不知情的情况下报备引用了未经确认的依据的材料。"
    ),
    example_en="province.yaml without basis: → the 2025 notice and 外专发〔2017〕40号 are cited",
    example_zh="province.yaml 无 basis: → 引用2025年通知和外专发〔2017〕40号",
)

MISSING_EFFECTIVE_DATE = Rule(
    id="CT504",
    slug="missing-effective-date",
    severity="error",
    title_en="Effective date missing or invalid",
    title_zh="缺少生效日期或日期无效",
    message_en="province.yaml has no valid effective_date (got {value}).",
    message_zh="province.yaml 中没有有效的生效日期 effective_date（填写为 {value}）。",
    hint_en="Write the first day of validity as YYYY-MM-DD, e.g. 2026-07-01.",
    hint_zh="请按 YYYY-MM-DD 填写生效首日，例如 2026-07-01。",
    explanation_en=(
        "The published catalog must state its validity period (notice §4); it runs from the effective "
        "date for validity_years years."
    ),
    explanation_zh="公布的目录须注明有效期（通知第四条），有效期自生效日期起计算 validity_years 年。",
    example_en="effective_date: 2026-07-01",
    example_zh="effective_date: 2026-07-01",
)

VALIDITY_OUT_OF_RANGE = Rule(
    id="CT505",
    slug="validity-out-of-range",
    severity="warning",
    title_en="Validity period outside 3–5 years",
    title_zh="有效期不在 3—5 年之间",
    message_en="The validity period is {years} years; the notice says generally 3 to 5 years.",
    message_zh="有效期为 {years} 年；通知规定有效期一般为 3 至 5 年。",
    hint_en="Use 3, 4 or 5 years, or explain the local need in the drafting explanation.",
    hint_zh="请设为 3、4 或 5 年，或在起草说明中说明本地实际需要。",
    explanation_en=(
        "Notice §4: the publication must state a validity period, generally 3 to 5 years; local "
        "authorities may adjust it to actual needs, so a different period is a warning, not an error."
    ),
    explanation_zh=(
        "通知第四条：公布时应注明有效期，一般为 3 至 5 年，各地可根据工作需要调整，因此其他期限仅作提示。"
    ),
    example_en="validity_years: 4",
    example_zh="validity_years: 4",
)

CATALOG_EXPIRED = Rule(
    id="CT506",
    slug="catalog-expired",
    severity="error",
    title_en="Catalog already expired",
    title_zh="目录已过有效期",
    message_en="The catalog expired on {expiry} (effective {effective}, {years} years).",
    message_zh="目录已于 {expiry} 到期（{effective} 生效，有效期 {years} 年）。",
    hint_en="Set a new effective date and edition, or extend validity_years.",
    hint_zh="请设置新的生效日期和版本，或调整有效期年限。",
    explanation_en=(
        "Notice §4: standards not adjusted by the end of their validity period become invalid "
        "automatically. A package for an expired catalog cannot be filed."
    ),
    explanation_zh="通知第四条：有效期满未作调整的，自动失效。已失效的目录不能报备。",
    example_en="effective_date: 2020-01-01, validity_years: 3 → expired 2022-12-31",
    example_zh="effective_date: 2020-01-01, validity_years: 3 → 已于 2022-12-31 到期",
)

CATALOG_EXPIRING_SOON = Rule(
    id="CT507",
    slug="catalog-expiring-soon",
    severity="warning",
    title_en="Catalog expires soon",
    title_zh="目录即将到期",
    message_en="The catalog expires on {expiry}, in {days} days.",
    message_zh="目录将于 {expiry} 到期，剩余 {days} 天。",
    hint_en="Start the revision now: consultation and filing take months.",
    hint_zh="请尽早启动修订：征求意见和报备需要数月时间。",
    explanation_en=(
        "A catalog lapses on its own at the end of its validity period (notice §4). Within 180 days of "
        "that date the revision should already be under way."
    ),
    explanation_zh="目录有效期满即自动失效（通知第四条）。距到期不足 180 天时，应已启动修订工作。",
    example_en="effective 2026-07-01 for 4 years → expires 2030-06-30; warned from 2030-01-01",
    example_zh="2026-07-01 起施行、有效期 4 年 → 2030-06-30 到期；自 2030-01-01 起提醒",
)

MISSING_CONSULTATION = Rule(
    id="CT508",
    slug="missing-consultation",
    severity="error",
    title_en="No consultation record",
    title_zh="缺少征求意见记录",
    message_en="There is no consultation record ({file}).",
    message_zh="缺少征求意见记录（{file}）。",
    hint_en="Record who was consulted, when and what they said in consultation.yaml.",
    hint_zh="请在 consultation.yaml 中记录征求意见的对象、时间和意见。",
    explanation_en=(
        "Notice §3: industry associations, human resources service agencies and relevant government "
        "departments take part in drafting and their opinions are solicited. The filing package carries "
        "the record."
    ),
    explanation_zh="通知第三条：制定过程中应吸收行业协会、人力资源服务机构和有关政府部门参与，广泛征求意见。报备材料须附征求意见记录。",
    example_en="provinces/JS/consultation.yaml",
    example_zh="provinces/JS/consultation.yaml",
)

CONSULTATION_PARTY_MISSING = Rule(
    id="CT509",
    slug="consultation-party-missing",
    severity="error",
    title_en="A required kind of party was not consulted",
    title_zh="征求意见对象缺少必要类别",
    message_en="No {type_en} ({type}) among the consulted parties.",
    message_zh="征求意见对象中没有{type_zh}（{type}）。",
    hint_en="Consult at least one {type_en} and record it under parties with type: {type}.",
    hint_zh="请至少征求一家{type_zh}的意见，并在 parties 中以 type: {type} 记录。",
    explanation_en=(
        "Notice §3 names three kinds of participants: industry associations, human resources service "
        "agencies and relevant government departments. Each must appear at least once."
    ),
    explanation_zh="通知第三条明确了三类参与方：行业协会、人力资源服务机构和有关政府部门，每类至少应有一家。",
    example_en="- {name: 江苏省人力资源服务行业协会, type: hr_service_agency, date: 2026-03-20}",
    example_zh="- {name: 江苏省人力资源服务行业协会, type: hr_service_agency, date: 2026-03-20}",
)

OPINION_WITHOUT_RESPONSE = Rule(
    id="CT510",
    slug="opinion-without-response",
    severity="warning",
    title_en="Opinion not adopted without a response",
    title_zh="未采纳的意见缺少说明",
    message_en="The opinion of {party} was {outcome_en} and has no response.",
    message_zh="{party}的意见{outcome_zh}，且未说明理由。",
    hint_en="Say why in response:, as the drafting explanation reports it.",
    hint_zh="请在 response 中说明未采纳（或部分采纳）的理由，起草说明会引用。",
    explanation_en=(
        "The drafting explanation reports how opinions were handled; an opinion that was not adopted, "
        "or only partly, needs a reason the ministry can read."
    ),
    explanation_zh="起草说明须说明意见采纳情况；未采纳或部分采纳的意见应说明理由，供审核时查阅。",
    example_en="{party: 某企业, summary: 建议放宽年龄, adopted: false, response: 与国家基准不符，未采纳}",
    example_zh="{party: 某企业, summary: 建议放宽年龄, adopted: false, response: 与国家基准不符，未采纳}",
)

OPINION_UNDECIDED = Rule(
    id="CT520",
    slug="opinion-undecided",
    severity="warning",
    title_en="Opinion not yet decided",
    title_zh="意见尚未处理",
    message_en="The opinion of {party} ({summary}) is still undecided (adopted: null).",
    message_zh="{party}的意见（{summary}）尚未处理（adopted: null）。",
    hint_en="Decide it: adopted: true, partly or false, and say how in response:.",
    hint_zh="请填写处理结果：adopted: true（采纳）、partly（部分采纳）或 false（未采纳），并在 response 中说明。",
    explanation_en=(
        "`catalogtool consult collect` records every opinion from the returned feedback forms with "
        "adopted: null, so that none is lost. Before filing, each needs a decision: the table of adopted "
        "opinions (意见采纳情况表) and the drafting explanation report them by outcome, and an undecided "
        "opinion reads as one nobody answered."
    ),
    explanation_zh=(
        "`catalogtool consult collect` 将反馈表中的每条意见以 adopted: null 记入征求意见记录，确保不遗漏。报备前"
        "应逐条作出处理：意见采纳情况表和起草说明按处理结果统计，未处理的意见等于无人答复。"
    ),
    example_en="{party: 江苏省医药行业协会, summary: 建议提高工作年限, adopted: null} → adopted: partly, response: …",
    example_zh="{party: 江苏省医药行业协会, summary: 建议提高工作年限, adopted: null} → adopted: partly, response: …",
)

OPINION_UNKNOWN_PARTY = Rule(
    id="CT511",
    slug="opinion-unknown-party",
    severity="warning",
    title_en="Opinion from a party not listed",
    title_zh="意见提出方不在征求意见对象中",
    message_en="The opinion names {party}, which is not among the consulted parties.",
    message_zh="意见提出方“{party}”不在征求意见对象（parties）之列。",
    hint_en="Add the party under parties, or correct the name.",
    hint_zh="请在 parties 中补充该单位，或更正名称。",
    explanation_en=(
        "Opinions are counted by type of party in the drafting explanation, so each must come from a "
        "listed party."
    ),
    explanation_zh="起草说明按参与方类别统计意见，每条意见都应来自已列出的征求意见对象。",
    example_en="parties: [{name: 江苏省半导体行业协会, …}] · opinions: [{party: 江苏省半导体行业协会, …}]",
    example_zh="parties: [{name: 江苏省半导体行业协会, …}] · opinions: [{party: 江苏省半导体行业协会, …}]",
)

UNKNOWN_STANDARD_BLOCK = Rule(
    id="CT512",
    slug="unknown-standard-block",
    severity="error",
    title_en="Category A criterion in an unknown block",
    title_zh="高端人才认定标准类别无法识别",
    message_en="Criterion {id} is in block {value}, which is not one of the seven Category A blocks.",
    message_zh="认定标准 {id} 的类别为 {value}，不属于外国高端人才（A类）标准的七个类别。",
    hint_en="Use one of: {blocks}.",
    hint_zh="请使用以下之一：{blocks}。",
    explanation_en=(
        "Local Category A standards are formulated on the basis of the national unified standard "
        "(notice §1), whose criteria fall into seven blocks: talent programmes, recognised achievements, "
        "market-encouraged posts, innovation and entrepreneurship, outstanding young talent, points "
        "(≥ 85) and department recommendation."
    ),
    explanation_zh=(
        "地方外国高端人才认定标准在国家统一标准基础上制定（通知第一条），国家标准分为七类：人才计划、"
        "国际公认的专业成就、市场鼓励类岗位、创新创业人才、优秀青年人才、计点积分（85 分以上）、部门推荐。"
    ),
    example_en="block: talent_programme",
    example_zh="block: talent_programme",
)

DUPLICATE_STANDARD_ID = Rule(
    id="CT513",
    slug="duplicate-standard-id",
    severity="error",
    title_en="Duplicate Category A criterion id",
    title_zh="高端人才认定标准编号重复",
    message_en="Criterion id {value} is used again (first on line {first_line}).",
    message_zh="认定标准编号 {value} 重复（首次出现在第 {first_line} 行）。",
    hint_en="Give each criterion its own id, e.g. JS-A-01, JS-A-02.",
    hint_zh="请为每条标准设置唯一编号，如 JS-A-01、JS-A-02。",
    explanation_en="Work-permit decisions cite a criterion by its id, so ids must be unique.",
    explanation_zh="工作许可审批按编号引用认定标准，编号必须唯一。",
    example_en="id: JS-A-01",
    example_zh="id: JS-A-01",
)

INCOMPLETE_STANDARD = Rule(
    id="CT514",
    slug="incomplete-standard",
    severity="error",
    title_en="Category A criterion without text or evidence",
    title_zh="高端人才认定标准缺少内容或证明材料",
    message_en="Criterion {id} has no {what_en}.",
    message_zh="认定标准 {id} 缺少{what_zh}。",
    hint_en="Every criterion states what qualifies (text) and which documents prove it (evidence).",
    hint_zh="每条标准应写明认定条件（text）和证明材料（evidence）。",
    explanation_en=(
        "A criterion an applicant cannot prove cannot be applied consistently; the evidence list is what "
        "the permit office checks."
    ),
    explanation_zh="无法举证的标准难以统一执行；证明材料清单是审批机关审核的依据。",
    example_en="text: 入选省级以上人才计划的外籍人才 · evidence: [人才计划入选证明]",
    example_zh="text: 入选省级以上人才计划的外籍人才 · evidence: [人才计划入选证明]",
)

INDUSTRY_NOT_KEY = Rule(
    id="CT515",
    slug="industry-not-key",
    severity="warning",
    title_en="Industry not among the province's key industries",
    title_zh="产业领域不在本省重点产业之列",
    message_en="Industry {value} is not among the key industries in province.yaml.",
    message_zh="产业领域“{value}”不在 province.yaml 所列重点产业之中。",
    hint_en="Use one of: {industries} — or add it to key_industries.",
    hint_zh="请使用以下之一：{industries}；或将其补充到 key_industries。",
    explanation_en=(
        "Notice §1–§2: local standards follow the province's industrial priorities and key areas. A row "
        "outside them may be a typo or needs a reason in the drafting explanation."
    ),
    explanation_zh="通知第一、二条：地方标准应结合本地产业发展重点和重点领域制定。不在重点产业之列的行可能是笔误，或需在起草说明中说明理由。",
    example_en="key_industries: [集成电路, 生物医药] · industry: 集成电路",
    example_zh="key_industries: [集成电路, 生物医药] · industry: 集成电路",
)

WORKSPACE_SCHEMA = Rule(
    id="CT516",
    slug="workspace-schema",
    severity="error",
    title_en="Workspace file does not match its schema",
    title_zh="工作区文件不符合格式要求",
    message_en="{name}: {problem_en}",
    message_zh="{name}：{problem_zh}",
    hint_en="Correct it in {name}; the files `catalogtool new` writes show each entry filled in.",
    hint_zh="请在 {name} 中更正；catalogtool new 生成的文件附有填写示例。",
    explanation_en=(
        "province.yaml, consultation.yaml and high-end-standards.yaml are checked against JSON Schemas "
        "(2020-12) in catalogtool/schemas/, the single statement of their format; each violation names "
        "the field and the line."
    ),
    explanation_zh=(
        "province.yaml、consultation.yaml 和 high-end-standards.yaml 按 catalogtool/schemas/ 中的 JSON Schema"
        "（2020-12）校验，该模式是其格式的唯一依据；每处不符均注明字段和行号。"
    ),
    example_en="validity_years: four → validity_years: must be a whole number",
    example_zh="validity_years: four → validity_years 应为整数",
)

CONSULTATION_DATES = Rule(
    id="CT517",
    slug="consultation-dates",
    severity="warning",
    title_en="Consultation dates do not fit",
    title_zh="征求意见日期不一致",
    message_en="{problem_en}",
    message_zh="{problem_zh}",
    hint_en="Check the consultation period and the dates of each party.",
    hint_zh="请核对征求意见期间和各参与方的日期。",
    explanation_en=(
        "The drafting explanation states when opinions were solicited; a party consulted outside that "
        "period, or a period that ends before it starts or after the catalog takes effect, is usually a "
        "typing error."
    ),
    explanation_zh="起草说明须写明征求意见的时间；参与方日期不在征求意见期间内、期间起止颠倒或晚于生效日期，通常是笔误。",
    example_en="period: {start: 2026-03-01, end: 2026-04-15} · date: 2026-03-12",
    example_zh="period: {start: 2026-03-01, end: 2026-04-15} · date: 2026-03-12",
)

CATALOG_EMPTY = Rule(
    id="CT518",
    slug="catalog-empty",
    severity="error",
    title_en="Catalog has no rows",
    title_zh="目录没有数据行",
    message_en="The catalog has no rows: there is nothing to file.",
    message_zh="目录没有任何数据行，无可报备的内容。",
    hint_en="Fill in the positions under the header (or check that the right sheet or file is named).",
    hint_zh="请在表头下方填写岗位（或检查所指定的工作表、文件是否正确）。",
    explanation_en=(
        "The Guidance Catalog lists the positions for which foreigners may be employed (notice §2); a "
        "catalog without rows cannot be filed. A header-only file is usually an unfilled template or the "
        "wrong sheet. The file-level warning CT107 says the same for any file; in a workspace it is an error."
    ),
    explanation_zh=(
        "指导目录须列明可聘雇外国人的岗位（通知第二条）；没有数据行的目录无法报备。只有表头通常是模板尚未填写或"
        "选错了工作表。文件级提示 CT107 对任何文件都会给出；在工作区中这是错误。"
    ),
    example_en="catalog.xlsx with the header rows only",
    example_zh="catalog.xlsx 只有表头行",
)

EXAMPLE_ROW = Rule(
    id="CT519",
    slug="example-row",
    severity="error",
    title_en="Template example row still in the catalog",
    title_zh="目录中仍有模板示例行",
    message_en="{row} is still the template's example row (notes: {value}).",
    message_zh="{row_zh}仍是模板的示例行（备注：{value}）。",
    hint_en="Delete the row; if it is a real entry now, replace its notes.",
    hint_zh="请删除该行；如已改为实际岗位，请修改其备注。",
    explanation_en=(
        "`catalogtool new` puts one example row into the template, marked in its notes. Filed as it is, "
        "it would publish a position nobody chose. Validating the workbook file alone accepts it (it is a "
        "well-formed row); the workspace check and the package refuse it."
    ),
    explanation_zh=(
        "`catalogtool new` 在模板中放入一行示例，并在备注中注明。原样报备会公布一个未经研究确定的岗位。单独校验"
        "工作簿文件时该行格式正确，不会报错；工作区校验和生成报备材料时则不予通过。"
    ),
    example_en="notes: example row, delete me",
    example_zh="notes: 示例行，可删除",
)


# --- the checks ------------------------------------------------------------------------


# Names and industries compare loosely, the way codes' names do: full/half width, case and spaces.
name_key = fold


_INDUSTRY_SEPARATORS = re.compile(r"[;；、,，/／\n]+")


def split_industries(text: str) -> tuple[str, ...]:
    """'集成电路、人工智能' → ('集成电路', '人工智能')."""
    return tuple(p.strip() for p in _INDUSTRY_SEPARATORS.split(text) if p.strip())


@dataclass(frozen=True)
class CatalogScope:
    """What a catalog check is given: the workspace, the catalog's rows, today, and how to place findings.

    ``example_marker`` holds the texts (the template spec's, in each language) whose presence in a
    row's notes marks the template's example row; ``sheet`` is the catalog's sheet.
    """

    ws: Workspace
    rows: Sequence[CatalogRow]
    today: dt.date
    example_marker: Sequence[str]
    sheet: str | None = None


def catalog_findings(
    ws: Workspace,
    rows: Sequence[CatalogRow],
    today: dt.date,
    *,
    example_marker: Sequence[str],
    sheet: str | None = None,
    overrides: Mapping[str, str] | None = None,
) -> list[Finding]:
    """The catalog-level checks of a loaded workspace and its rows (schema findings not included);
    checks whose rules ``overrides`` all set to ``off`` do not run."""
    from catalogtool.rules import catalog_checks

    scope = CatalogScope(ws, rows, today, example_marker, sheet)
    return [f for check in active(catalog_checks(), overrides or {}) for f in check.run(scope)]


def is_example_row(row: CatalogRow, example_marker: Sequence[str]) -> bool:
    """True when the row's notes still carry the template's example marker (either language suffices)."""
    notes = name_key(row.notes)
    return bool(notes) and any(key and key in notes for key in map(name_key, example_marker))


def _row_findings(scope: CatalogScope) -> list[Finding]:
    ws, rows, sheet, example_marker = scope.ws, scope.rows, scope.sheet, scope.example_marker
    file = str(ws.catalog_path)
    if not rows:
        return [CATALOG_EMPTY.finding(Location(file=file, sheet=sheet))]
    out = []
    for row in rows:
        if is_example_row(row, example_marker):
            loc = row.location(file, sheet, "notes")
            out.append(
                EXAMPLE_ROW.finding(
                    loc,
                    value=row.notes,
                    row=row_words(loc.kind, row.number, "en", title=True),
                    row_zh=row_words(loc.kind, row.number, "zh"),
                )
            )
    return out


def _meta_findings(scope: CatalogScope) -> list[Finding]:
    ws, today = scope.ws, scope.today
    meta = ws.meta
    file = str(meta.path)

    def at(key: str) -> Location:
        return Location(file=file, row=meta.line(key), field=key, kind="line")

    out: list[Finding] = []
    try:
        declared = find_province(meta.province) if meta.province else None
    except UnknownProvinceError:
        declared = None
    if declared is None:
        out.append(UNKNOWN_PROVINCE.finding(at("province"), value=meta.province or None))
    elif declared != ws.province:
        out.append(
            PROVINCE_MISMATCH.finding(
                at("province"),
                value=meta.province,
                declared=f"{declared.abbr} {declared.name_zh}",
                folder=f"{ws.province.abbr} {ws.province.name_zh}",
                abbr=declared.abbr,
            )
        )
    if not meta.authority:
        out.append(MISSING_AUTHORITY.finding(at("authority"), suggestion=ws.province.hrss_department_zh))
    if meta.basis is None:  # no basis: key (an empty or malformed one is CT516's): the defaults are cited
        from catalogtool.workspace import basis_reference, default_basis

        documents = "；".join(map(basis_reference, default_basis()))
        out.append(BASIS_DEFAULT.finding(at("basis"), documents=documents))
    if meta.effective_date is None:
        out.append(
            MISSING_EFFECTIVE_DATE.finding(at("effective_date"), value=meta.effective_date_text or None)
        )
    years = meta.validity_years
    low, high = VALIDITY_YEARS_RANGE
    if years is not None and years >= 1 and not low <= years <= high:
        out.append(VALIDITY_OUT_OF_RANGE.finding(at("validity_years"), value=str(years), years=years))
    expiry = meta.expiry_date
    if expiry is not None and meta.effective_date is not None:
        if expiry < today:
            out.append(
                CATALOG_EXPIRED.finding(
                    at("effective_date"),
                    value=expiry.isoformat(),
                    expiry=expiry.isoformat(),
                    effective=meta.effective_date.isoformat(),
                    years=years,
                )
            )
        elif (expiry - today).days < EXPIRY_WARNING_DAYS:
            out.append(
                CATALOG_EXPIRING_SOON.finding(
                    at("validity_years"),
                    value=expiry.isoformat(),
                    expiry=expiry.isoformat(),
                    days=(expiry - today).days,
                )
            )
    return out


def _consultation_findings(scope: CatalogScope) -> list[Finding]:
    ws = scope.ws
    c = ws.consultation
    if c is None:
        return [
            MISSING_CONSULTATION.finding(
                Location(file=str(ws.consultation_path)), file=ws.consultation_path.name
            )
        ]
    file = str(c.path)
    out: list[Finding] = []
    present = {p.type for p in c.parties}
    for kind in REQUIRED_PARTY_TYPES:
        if kind not in present:
            zh, en = PARTY_TYPES[kind]
            out.append(
                CONSULTATION_PARTY_MISSING.finding(
                    Location(file=file, row=c.parties_line, field="parties", kind="line"),
                    type=kind,
                    type_zh=zh,
                    type_en=en,
                )
            )
    names = {name_key(p.name) for p in c.parties}
    for i, op in enumerate(c.opinions):
        outcome = op.outcome
        if outcome in ("not_adopted", "partly") and not op.response:
            zh, en = OUTCOMES[outcome]
            out.append(
                OPINION_WITHOUT_RESPONSE.finding(
                    Location(file=file, row=op.line, field=f"opinions[{i}].response", kind="line"),
                    party=op.party,
                    outcome_zh=zh,
                    outcome_en=en,
                )
            )
        if outcome == "undecided":
            out.append(
                OPINION_UNDECIDED.finding(
                    Location(file=file, row=op.line, field=f"opinions[{i}].adopted", kind="line"),
                    value="null",
                    party=op.party,
                    summary=_shorten(op.summary),
                )
            )
        if op.party and name_key(op.party) not in names:
            out.append(
                OPINION_UNKNOWN_PARTY.finding(
                    Location(file=file, row=op.line, field=f"opinions[{i}].party", kind="line"),
                    value=op.party,
                    party=op.party,
                )
            )
    out += _consultation_date_findings(ws, c)
    return out


def _shorten(text: str, limit: int = 30) -> str:
    """A long opinion cut to ``limit`` characters for a one-line message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _consultation_date_findings(ws: Workspace, c: Consultation) -> list[Finding]:
    file = str(c.path)
    start, end = c.period_start, c.period_end
    out: list[Finding] = []
    period_at = Location(file=file, row=c.period_line, field="period", kind="line")
    if start is not None and end is not None and end < start:
        out.append(
            CONSULTATION_DATES.finding(
                period_at,
                problem_en=f"The consultation period ends ({end}) before it starts ({start}).",
                problem_zh=f"征求意见期间的结束日期（{end}）早于开始日期（{start}）。",
            )
        )
        return out
    effective = ws.meta.effective_date
    if end is not None and effective is not None and end > effective:
        out.append(
            CONSULTATION_DATES.finding(
                period_at,
                problem_en=f"The consultation ends ({end}) after the catalog takes effect ({effective}).",
                problem_zh=f"征求意见结束日期（{end}）晚于目录生效日期（{effective}）。",
            )
        )
    if start is None or end is None:
        return out
    for i, p in enumerate(c.parties):
        if p.date is not None and not start <= p.date <= end:
            out.append(
                CONSULTATION_DATES.finding(
                    Location(file=file, row=p.line, field=f"parties[{i}].date", kind="line"),
                    value=p.date.isoformat(),
                    problem_en=f"{p.name} was consulted on {p.date}, outside the period {start} – {end}.",
                    problem_zh=f"{p.name}的征求意见日期 {p.date} 不在征求意见期间（{start} 至 {end}）内。",
                )
            )
    return out


def _standards_findings(scope: CatalogScope) -> list[Finding]:
    ws = scope.ws
    if ws.standards is None:
        return []
    file = str(ws.standards_path)
    out: list[Finding] = []
    first_line: dict[str, int | None] = {}
    blocks = tuple(STANDARD_BLOCKS)
    for i, s in enumerate(ws.standards):
        label = s.id or f"#{i + 1}"
        if s.block not in STANDARD_BLOCKS:
            out.append(
                UNKNOWN_STANDARD_BLOCK.finding(
                    Location(file=file, row=s.line, field=f"standards[{i}].block", kind="line"),
                    value=s.block or None,
                    id=label,
                    blocks=blocks,
                )
            )
        if s.id:
            if s.id in first_line:
                out.append(
                    DUPLICATE_STANDARD_ID.finding(
                        Location(file=file, row=s.line, field=f"standards[{i}].id", kind="line"),
                        value=s.id,
                        first_line=first_line[s.id],
                    )
                )
            else:
                first_line[s.id] = s.line
        if not s.text:
            out.append(_incomplete(file, s, i, label, "text", "criterion text", "认定条件（text）"))
        # A non-list evidence is a schema type error already; only an empty list is reported here.
        if not s.evidence_wrong_type and not s.evidence:
            out.append(_incomplete(file, s, i, label, "evidence", "evidence list", "证明材料（evidence）"))
    return out


def _incomplete(file: str, s: Standard, i: int, label: str, key: str, what_en: str, what_zh: str) -> Finding:
    return INCOMPLETE_STANDARD.finding(
        Location(file=file, row=s.line, field=f"standards[{i}].{key}", kind="line"),
        id=label,
        what_en=what_en,
        what_zh=what_zh,
    )


def _industry_findings(scope: CatalogScope) -> list[Finding]:
    ws, rows, sheet = scope.ws, scope.rows, scope.sheet
    keys = {name_key(k) for k in ws.meta.key_industries}
    if not keys:
        return []
    listed = "、".join(ws.meta.key_industries)
    file = str(ws.catalog_path)
    out: list[Finding] = []
    for row in rows:
        outside = [p for p in split_industries(row.industry) if name_key(p) not in keys]
        if outside:
            out.append(
                INDUSTRY_NOT_KEY.finding(
                    row.location(file, sheet, "industry"),
                    value="、".join(outside),
                    industries=listed,
                )
            )
    return out


PROVINCE_CHECK = CatalogCheck[CatalogScope](
    name="province",
    rules=(
        UNKNOWN_PROVINCE,
        PROVINCE_MISMATCH,
        MISSING_AUTHORITY,
        BASIS_DEFAULT,
        MISSING_EFFECTIVE_DATE,
        VALIDITY_OUT_OF_RANGE,
        CATALOG_EXPIRED,
        CATALOG_EXPIRING_SOON,
    ),
    run=_meta_findings,
)
CONSULTATION_CHECK = CatalogCheck[CatalogScope](
    name="consultation",
    rules=(
        MISSING_CONSULTATION,
        CONSULTATION_PARTY_MISSING,
        OPINION_WITHOUT_RESPONSE,
        OPINION_UNKNOWN_PARTY,
        OPINION_UNDECIDED,
        CONSULTATION_DATES,
    ),
    run=_consultation_findings,
)
STANDARDS_CHECK = CatalogCheck[CatalogScope](
    name="standards",
    rules=(UNKNOWN_STANDARD_BLOCK, DUPLICATE_STANDARD_ID, INCOMPLETE_STANDARD),
    run=_standards_findings,
)
CATALOG_ROWS_CHECK = CatalogCheck[CatalogScope](
    name="catalog-rows", rules=(CATALOG_EMPTY, EXAMPLE_ROW), run=_row_findings
)
INDUSTRIES_CHECK = CatalogCheck[CatalogScope](
    name="industries", rules=(INDUSTRY_NOT_KEY,), run=_industry_findings
)
#: Rules reported while the workspace files are read (schema violations).
READING_RULES: tuple[Rule, ...] = (WORKSPACE_SCHEMA,)
