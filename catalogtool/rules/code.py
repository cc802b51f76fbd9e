"""Occupation-code rules (CT2xx): is each code a real NOC 2022 code, at the right level, in the right place?"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from catalogtool.model import Cell
from catalogtool.normalize import LIST_SEPARATOR, date_code_readings, dates_in_text, fold, split_list
from catalogtool.rules.checks import RowCheck, RowView
from catalogtool.rules.context import Issue, RowContext, issue
from catalogtool.rules.registry import Fix, Rule

if TYPE_CHECKING:
    from catalogtool.codes import Code, CodeList

UNKNOWN_SUBCATEGORY = Rule(
    id="CT201",
    slug="unknown-subcategory",
    severity="error",
    title_en="Unknown subcategory code",
    title_zh="小类代码不存在",
    message_en="{code} is not a subcategory of the National Occupational Classification ({code_list})",
    message_zh="{code} 不是{code_list_zh}中的小类",
    hint_en="{legacy}Nearest existing subcategories: {nearest}",
    hint_zh="{legacy_zh}相近的小类：{nearest}",
    explanation_en="Every row must sit on a subcategory (小类) of NOC 2022, written X-YY-ZZ. The code was "
    "read correctly but no such subcategory exists: a typo, a code from the 2015 edition, or an invented one. "
    "A 2015-edition code is named as such, with the 2022 code a reconstructed crosswalk gives; it is never "
    "accepted.",
    explanation_zh="每一行都必须对应《职业分类大典（2022年版）》的一个小类（X-YY-ZZ）。该代码格式正确，但大典中没有这个小类："
    "可能是笔误、2015年版代码或自拟代码。",
    example_en="2-02-45 (no such subcategory; 2-02-38 数字技术工程技术人员 is close)",
    example_zh="2-02-45（没有这个小类；最接近的是 2-02-38 数字技术工程技术人员）",
)
WRONG_LEVEL = Rule(
    id="CT202",
    slug="code-wrong-level",
    severity="error",
    title_en="Code at the wrong level in the subcategory column",
    title_zh="小类代码层级错误",
    message_en="{code} is {level} code ({name}), not a subcategory",
    message_zh="{code} 是{level_zh}代码（{name}），不是小类代码",
    hint_en="Use the subcategory {suggestion}",
    hint_zh="请填写小类代码 {suggestion}",
    explanation_en="The subcategory column takes a subcategory code (X-YY-ZZ). An occupation code "
    "(X-YY-ZZ-NN) belongs in the occupation-codes column; a medium category (X-YY) is too broad.",
    explanation_zh="小类代码列应填写小类代码（X-YY-ZZ）。职业（细类）代码（X-YY-ZZ-NN）应填入相关职业代码列；中类（X-YY）过宽。",
    example_en="2-02-10-03 in 小类代码 → 2-02-10",
    example_zh="小类代码列中的 2-02-10-03 → 2-02-10",
    fix=Fix(
        "unsafe",
        "Write the subcategory the occupation code belongs to, and move the occupation code to the occupation-codes column",
        "改填该职业代码所属的小类代码，并将职业代码移入相关职业代码列",
    ),
)
NAME_MISMATCH = Rule(
    id="CT203",
    slug="subcategory-name-mismatch",
    severity="error",
    title_en="Subcategory name is not the official one",
    title_zh="小类名称与大典不一致",
    message_en="The name of {code} is {official!r}, not {given!r}",
    message_zh="{code} 的规范名称是“{official}”，而不是“{given}”",
    hint_en="{legacy}Write the official name {official}, or correct the code",
    hint_zh="{legacy_zh}请填写规范名称“{official}”，或更正代码",
    explanation_en="The catalog must use NOC 2022 names exactly, so that reviewers and the work-permit "
    "system match rows to the classification. A different name usually means the code is wrong.",
    explanation_zh="目录须使用大典规范名称，以便审核和工作许可系统对应。名称不同通常意味着代码填错。",
    example_en="2-02-10 软件工程技术人员 → 信息和通信工程技术人员",
    example_zh="2-02-10 软件工程技术人员 → 信息和通信工程技术人员",
    fix=Fix(
        "unsafe",
        "Write the official name of the code (check the code first)",
        "改填该代码的规范名称（请先确认代码无误）",
    ),
)
OCCUPATION_OUTSIDE = Rule(
    id="CT204",
    slug="occupation-outside-subcategory",
    severity="error",
    title_en="Occupation code not inside the row's subcategory",
    title_zh="职业代码不属于本行小类",
    message_en="{code} ({name}) belongs to {actual}, not to {subcategory}",
    message_zh="{code}（{name}）属于小类 {actual}，不属于 {subcategory}",
    hint_en="List only occupations of {subcategory}, or move the row",
    hint_zh="只列出 {subcategory} 下的职业，或调整本行小类",
    explanation_en="The occupation codes of a row name the occupations (细类) of its subcategory that the "
    "post covers; each must start with the subcategory code.",
    explanation_zh="相关职业代码应为本行小类下的职业（细类），每个代码都应以小类代码开头。",
    example_en="2-02-38-01 under 2-02-10",
    example_zh="2-02-38-01 写在 2-02-10 之下",
)
UNKNOWN_OCCUPATION = Rule(
    id="CT205",
    slug="unknown-occupation",
    severity="error",
    title_en="Unknown occupation code",
    title_zh="职业代码不存在",
    message_en="{code} is not an occupation of the National Occupational Classification ({code_list})",
    message_zh="{code} 不是{code_list_zh}中的职业",
    hint_en="{legacy}Nearest existing occupations: {nearest}",
    hint_zh="{legacy_zh}相近的职业：{nearest}",
    explanation_en="Occupation codes (X-YY-ZZ-NN) must exist in NOC 2022 or a loaded amendment batch.",
    explanation_zh="职业（细类）代码（X-YY-ZZ-NN）必须是大典或已加载的增补批次中的代码。",
    example_en="2-02-10-99",
    example_zh="2-02-10-99",
)
EXCEL_DATE = Rule(
    id="CT206",
    slug="code-from-excel-date",
    severity="warning",
    title_en="Code recovered from an Excel date",
    title_zh="代码被 Excel 转成了日期",
    message_en="Excel stored this code as the date {date}; read as {code}",
    message_zh="Excel 将该代码存成了日期 {date}，已识别为 {code}",
    hint_en="Format the code column as Text (文本) and type the codes again",
    hint_zh="请将代码列设置为“文本”格式后重新输入代码",
    explanation_en="Typed into a General-format cell, 2-02-10 becomes 10 Feb 2002; saved to CSV, the date "
    "arrives as text (2002/2/10, 2002-02-10, 10/02/2002) and is read the same way. The code was recovered "
    "because only one reading exists (or the row's name or occupation codes single it out), but the file "
    "should store codes as text.",
    explanation_zh="在“常规”格式单元格中输入 2-02-10 会变成日期 2002-02-10；另存为 CSV 后日期以文字形式出现"
    "（2002/2/10、2002-02-10、10/02/2002），按同样规则识别。因只有一种读法成立（或本行名称、职业代码可以确定），"
    "已还原代码，但文件应以文本格式保存代码。",
    example_en="2002-02-10 → 2-02-10",
    example_zh="2002-02-10 → 2-02-10",
    fix=Fix("safe", "Write the recovered code as text", "以文本格式写入还原后的代码"),
)
AMBIGUOUS_DATE = Rule(
    id="CT207",
    slug="code-is-date",
    severity="error",
    title_en="Code turned into a date that cannot be recovered",
    title_zh="代码被转成日期且无法确定",
    message_en="Excel stored this code as the date {date}; possible codes: {candidates}",
    message_zh="Excel 将该代码存成了日期 {date}，可能的代码：{candidates}",
    hint_en="Format the column as Text (文本) and type the code again",
    hint_zh="请将代码列设置为“文本”格式后重新输入代码",
    explanation_en="The date has no reading, or more than one reading, that is an existing subcategory, and "
    "the row's name and occupation codes do not decide between them; or the row's name is the official "
    "name of a subcategory no reading gives, so the date cannot be trusted.",
    explanation_zh="该日期没有或有多种读法都是现有小类，且本行名称和职业代码无法确定；或本行名称是另一个小类的规范名称，"
    "与日期的读法不符，无法据以还原。",
    example_en="2002-10-02",
    example_zh="2002-10-02",
)
NORMALISED = Rule(
    id="CT208",
    slug="code-normalised",
    severity="info",
    title_en="Code written in a non-standard form",
    title_zh="代码格式已规范化",
    message_en="Read {given!r} as {code} ({changes})",
    message_zh="已将“{given}”识别为 {code}（{changes_zh}）",
    hint_en="Write codes as half-width digits with '-' (e.g. 2-02-10)",
    hint_zh="代码请使用半角数字和“-”（如 2-02-10）",
    explanation_en="Full-width digits, other dash characters, spaces, unpadded parts or a trailing name were "
    "normalised. Nothing is wrong with the row; the file is cleaner with the standard form.",
    explanation_zh="全角数字、其他连接符、空格、未补零或代码后附名称已自动规范化。本行无误，但建议使用标准格式。",
    example_en="２－０２－１０ → 2-02-10",
    example_zh="２－０２－１０ → 2-02-10",
    fix=Fix("safe", "Write the code in its standard form", "改写为标准格式的代码"),
)
RESIDUAL = Rule(
    id="CT209",
    slug="residual-subcategory",
    severity="warning",
    title_en="Residual 'other' subcategory",
    title_zh="使用了“其他”类小类",
    message_en="{code} {name} is a residual catch-all subcategory",
    message_zh="{code} {name} 是兜底的“其他”类小类",
    hint_en="Prefer a specific subcategory; explain in notes why none fits",
    hint_zh="请尽量选用具体小类；确无对应小类的，请在备注中说明",
    explanation_en="X-YY-99 and X-99-00 subcategories have no occupations of their own. A catalog row on one "
    "is allowed but weak: reviewers will ask why no specific subcategory fits.",
    explanation_zh="X-YY-99 和 X-99-00 小类下没有具体职业。可以使用，但审核时会问为何没有更具体的小类。",
    example_en="2-02-99 其他工程技术人员",
    example_zh="2-02-99 其他工程技术人员",
)
RESTRICTED = Rule(
    id="CT210",
    slug="restricted-occupation",
    severity="error",
    title_en="Occupation foreigners cannot hold",
    title_zh="外国人不得从事的职业",
    message_en="{code} {name} is reserved for Chinese citizens ({reason}) and cannot be in the catalog",
    message_zh="{code} {name} 属于{reason_zh}，仅限中国公民担任，不得列入指导目录",
    hint_en="Remove the row or the code",
    hint_zh="请删除该行或该代码",
    explanation_en="Military personnel (major 7), leaders of Party and state organs and of mass organisations "
    "(1-01 to 1-05, and Party organisation heads of state-owned enterprises), supervisors (监察), judges, "
    "procurators and the people's police are posts reserved for Chinese citizens.",
    explanation_zh="军队人员（第七大类）、党的机关、国家机关、群众团体等负责人（1-01 至 1-05，及国有企业党组织负责人）、"
    "监察人员、法官、检察官和人民警察等职位只能由中国公民担任。",
    example_en="2-07-02 法官",
    example_zh="2-07-02 法官",
)
AMENDED = Rule(
    id="CT211",
    slug="amended-code",
    severity="info",
    title_en="Code added by a later amendment",
    title_zh="代码来自大典后续增补",
    message_en="{code} {name} was added by the {batch} amendment, after the 2022 edition",
    message_zh="{code} {name} 为 {batch} 批次新增职业，不在2022年版大典中",
    hint_en="State in the drafting explanation which amendment batches the catalog follows",
    hint_zh="请在起草说明中写明目录采用的增补批次",
    explanation_en="The ministry publishes new occupations in batches after the 2022 edition. Such codes are "
    "valid, but a reviewer should see which list the catalog was checked against.",
    explanation_zh="人社部在2022年版之后分批发布新职业。此类代码有效，但应说明目录依据的代码表版本。",
    example_en="2-02-32-02 生物工程技术人员 (added 2024-07)",
    example_zh="2-02-32-02 生物工程技术人员（2024年7月增补）",
)
RENUMBERED = Rule(
    id="CT212",
    slug="renumbered-code",
    severity="info",
    title_en="Code renumbered by a later amendment",
    title_zh="代码已被后续增补重新编码",
    message_en="{code} {name} is valid in the 2022 edition; the {batch} amendment renumbered it {new_code}",
    message_zh="{code} {name} 在2022年版中有效；{batch} 批次已将其改为 {new_code}",
    hint_en="Consider writing {new_code}",
    hint_zh="可改用 {new_code}",
    explanation_en="When an amendment adds an occupation to a subcategory that had a single one (-00), the "
    "existing occupation is renumbered -01. The old code remains valid against the base edition.",
    explanation_zh="增补在仅有一个职业（-00）的小类中新增职业时，原职业改为 -01。旧代码按2022年版仍然有效。",
    example_en="2-02-32-00 → 2-02-32-01",
    example_zh="2-02-32-00 → 2-02-32-01",
    fix=Fix("unsafe", "Write the renumbered code", "改填重新编码后的代码"),
)
MALFORMED = Rule(
    id="CT213",
    slug="malformed-code",
    severity="error",
    title_en="Not an occupation-classification code",
    title_zh="不是职业分类代码",
    message_en="{given!r} is not a code of the form X-YY-ZZ (subcategory) or X-YY-ZZ-NN (occupation)",
    message_zh="“{given}”不是 X-YY-ZZ（小类）或 X-YY-ZZ-NN（职业）格式的代码",
    hint_en="Write the code, e.g. 2-02-10; use `catalogtool codes suggest` to find one",
    hint_zh="请填写代码，如 2-02-10；可用 catalogtool codes suggest 查找",
    explanation_en="The cell does not hold anything that reads as a classification code.",
    explanation_zh="该单元格的内容无法识别为职业分类代码。",
    example_en="信息工程",
    example_zh="信息工程",
)
OCCUPATION_WRONG_LEVEL = Rule(
    id="CT214",
    slug="occupation-code-wrong-level",
    severity="error",
    title_en="Not an occupation code in the occupation-codes column",
    title_zh="相关职业代码层级错误",
    message_en="{code} is {level} code ({name}), not an occupation (X-YY-ZZ-NN)",
    message_zh="{code} 是{level_zh}代码（{name}），不是职业（细类）代码（X-YY-ZZ-NN）",
    hint_en="List occupation codes of the subcategory, e.g. {example}",
    hint_zh="请列出该小类下的职业代码，如 {example}",
    explanation_en="The occupation-codes column lists occupations (细类, four parts); the subcategory itself "
    "goes in the subcategory column.",
    explanation_zh="相关职业代码列填写职业（细类，四段）代码；小类代码填在小类代码列。",
    example_en="2-02-10 in 相关职业代码",
    example_zh="相关职业代码列中的 2-02-10",
)

INCOMPLETE = Rule(
    id="CT215",
    slug="incomplete-code",
    severity="error",
    title_en="Code with a one-digit last part",
    title_zh="代码末段只有一位数字",
    message_en="{given!r} is not a complete code: its last part needs two digits",
    message_zh="“{given}”不是完整的代码：最后一段应为两位数字",
    hint_en="Codes that start like it: {candidates}",
    hint_zh="以此开头的代码：{candidates}",
    explanation_en="A one-digit last part (2-02-3) could be padded (2-02-03) or could have lost its second "
    "digit (2-02-38); catalogtool pads it only when no other code starts the same way, and otherwise asks.",
    explanation_zh="最后一段只有一位（如 2-02-3）时，既可能是 2-02-03，也可能漏了一位（如 2-02-38）。只有在没有其他代码以此开头时"
    "才会自动补零，否则请明确填写。",
    example_en="2-02-3 (2-02-03 矿山工程技术人员? 2-02-38 数字技术工程技术人员?)",
    example_zh="2-02-3（2-02-03 矿山工程技术人员？2-02-38 数字技术工程技术人员？）",
)


LEVEL_ZH = {1: "大类", 2: "中类", 3: "小类", 4: "职业（细类）"}
LEVEL_EN = {1: "a major category", 2: "a medium category", 3: "a subcategory", 4: "an occupation"}

# Posts reserved for Chinese citizens, by code prefix: (reason en, reason zh).
RESTRICTED_PREFIXES: Mapping[str, tuple[str, str]] = {
    "7": ("military personnel", "军队人员"),
    "1-01": ("leaders of Party organs", "党的机关负责人"),
    "1-02": ("leaders of state organs", "国家机关负责人"),
    "1-03": ("leaders of democratic parties and federations", "民主党派和工商联负责人"),
    "1-04": ("leaders of people's and mass organisations", "人民团体和群众团体负责人"),
    "1-05": ("leaders of grassroots self-governing bodies", "基层群众性自治组织负责人"),
    "1-06-01-03": ("Party organisation heads of state-owned enterprises", "国有企业党组织负责人"),
    "2-07-01": ("supervisors (监察)", "监察人员"),
    "2-07-02": ("judges", "法官"),
    "2-07-03": ("procurators", "检察官"),
    "3-02-01": ("people's police", "人民警察"),
}


#: Every restricted prefix, for one C-speed test that rules out almost every code of a catalog.
_RESTRICTED_STARTS = tuple(RESTRICTED_PREFIXES)


def restriction(code: str) -> tuple[str, str] | None:
    """Why foreigners cannot hold ``code``, or None."""
    if not code.startswith(_RESTRICTED_STARTS):
        return None
    for prefix, reason in RESTRICTED_PREFIXES.items():
        if code == prefix or code.startswith(prefix + "-"):
            return reason
    return None


def _names(ctx: RowContext, codes: list[str]) -> list[str]:
    found = [ctx.codes.get(c) for c in codes]
    return [f"{c.code} {c.name}" for c in found if c is not None]


def resolve_subcategory(
    cell: Cell | None, name: str, occupations: tuple[str, ...], ctx: RowContext
) -> tuple[str | None, str, tuple[Issue, ...]]:
    """Read the subcategory cell into a canonical code, recovering Excel dates and dirty forms.

    Returns the code (None when none can be read; blank cells are the required-field rule's), the
    subcategory name (``name``, or when that is blank the name written after the code, as the template's
    "code name" drop-down writes it: "2-02-10 信息和通信工程技术人员"), and the issues.
    """
    if cell is None or cell.value is None:
        return None, name, ()
    value = cell.value
    if isinstance(value, dt.date):
        shown = value.strftime("%Y-%m-%d")
        code, issues = ctx.memo(
            ("date", value, name, occupations), lambda: _from_date((value,), shown, name, occupations, ctx)
        )
        return code, name, issues
    given = cell.text
    if not given:
        return None, name, ()
    # A date typed as text (a CSV saved from Excel: 2002/2/10, 10/02/2002) is read like a date cell.
    dates = dates_in_text(given) if given[:1].isdigit() and len(given) >= 8 else ()
    if dates:
        code, issues = ctx.memo(
            ("date-text", given, name, occupations), lambda: _from_date(dates, given, name, occupations, ctx)
        )
        return code, name, issues
    code, issues = ctx.memo(("code", given), lambda: _from_text(given, "subcategory_code", ctx.codes))
    if name or code is None:
        return code, name, issues
    written = ctx.memo(("code-name", given), lambda: _written_name(given, ctx.codes))
    if not written:
        return code, name, issues
    # The repair splits the cell: the code in its column, the name in the blank name column.
    edits = (("subcategory_code", code), ("subcategory_name", written))
    return code, written, tuple(replace(i, edits=edits) if i.rule is NORMALISED else i for i in issues)


def _written_name(given: str, codes: CodeList) -> str:
    from catalogtool.codes import normalize_code

    return normalize_code(given, codes).name or ""


def _from_text(given: str, field: str, codes: CodeList) -> tuple[str | None, tuple[Issue, ...]]:
    from catalogtool.codes import normalize_code

    normalized = normalize_code(given, codes)
    if normalized.prefix is not None:
        head, _, last = normalized.prefix.rpartition("-")
        options = [f"{head}-0{last}", *codes.starting_with(normalized.prefix)]  # padded, or a lost digit
        candidates = [f"{c} {entry.name}" for c in options if (entry := codes.get(c))][:6]
        return None, (issue(INCOMPLETE, field, given, given=given, candidates=candidates),)
    if normalized.code is None:
        return None, (issue(MALFORMED, field, given, given=given),)
    if normalized.changes:
        changes, changes_zh = normalized.describe_changes("en"), normalized.describe_changes("zh")
        # A list cell is rewritten whole, once all its items are read (_read_occupations).
        edits = ((field, normalized.code),) if field == "subcategory_code" else ()
        return normalized.code, (
            issue(
                NORMALISED,
                field,
                given,
                edits=edits,
                given=given,
                code=normalized.code,
                changes=changes,
                changes_zh=changes_zh,
            ),
        )
    return normalized.code, ()


def _from_date(
    values: tuple[dt.date, ...], shown: str, name: str, occupations: tuple[str, ...], ctx: RowContext
) -> tuple[str | None, tuple[Issue, ...]]:
    readings = list(dict.fromkeys(r for value in values for r in date_code_readings(value)))
    existing = [r for r in readings if (c := ctx.codes.get(r)) is not None and c.level == 3]
    named = _subcategory_named(name, ctx)
    # A name that is another subcategory's official name outweighs a lone date reading.
    contradicted = named is not None and named.code not in existing
    chosen = None if contradicted else _single_out(existing, name, occupations, ctx)
    if chosen is not None:
        edits = (("subcategory_code", chosen),)
        return chosen, (issue(EXCEL_DATE, "subcategory_code", shown, edits=edits, date=shown, code=chosen),)
    candidates = existing or readings or ["—"]
    return None, (issue(AMBIGUOUS_DATE, "subcategory_code", shown, date=shown, candidates=candidates),)


def _single_out(existing: list[str], name: str, occupations: tuple[str, ...], ctx: RowContext) -> str | None:
    """The one reading the row supports: the only existing one, or the one its name/occupations pick."""
    if len(existing) == 1:
        return existing[0]
    by_name = [
        r for r in existing if name and (c := ctx.codes.get(r)) is not None and fold(c.name) == fold(name)
    ]
    if len(by_name) == 1:
        return by_name[0]
    by_occ = [r for r in existing if any(o.startswith(r + "-") for o in occupations)]
    if len(by_occ) == 1:
        return by_occ[0]
    return None


def _subcategory_verdict(code: str, name: str, ctx: RowContext) -> tuple[bool, tuple[Issue, ...]]:
    codes = ctx.codes
    field = "subcategory_code"
    entry = codes.get(code)
    if entry is None:
        nearest = [f"{c.code} {c.name}" for c in codes.nearest(code, n=3, level=3)]
        named = _subcategory_named(name, ctx)
        if named is not None:
            # The name is right and the code is not: the name's code is the likeliest fix.
            nearest = [f"{named.code} {named.name}", *(n for n in nearest if not n.startswith(named.code))][
                :3
            ]
        from catalogtool.legacy import unknown_code_hint  # (2015 codes: read only for an unknown code)

        return False, (
            issue(
                UNKNOWN_SUBCATEGORY,
                field,
                code,
                code=code,
                code_list=codes.label,
                code_list_zh=codes.label_zh,
                nearest=nearest,
                legacy=unknown_code_hint(code)["legacy"],
                legacy_zh=unknown_code_hint(code)["legacy_zh"],
            ),
        )
    if entry.level != 3:
        if entry.level == 4:
            suggestion = _names(ctx, [entry.parent or ""])
        else:
            suggestion = [
                f"{c.code} {c.name}" for c in [c for c in ctx.codes.descendants(code) if c.level == 3][:5]
            ]
        level, level_zh = LEVEL_EN[entry.level], LEVEL_ZH[entry.level]
        wrong = issue(
            WRONG_LEVEL,
            field,
            code,
            code=code,
            name=entry.name,
            level=level,
            level_zh=level_zh,
            suggestion=suggestion or "—",
        )
        return False, (wrong,)
    issues: list[Issue] = []
    if name and fold(name) != fold(entry.name):
        from catalogtool.legacy import name_hint  # (2015 names: read only for a name that differs)

        edits = (("subcategory_name", entry.name),)
        issues.append(
            issue(
                NAME_MISMATCH,
                "subcategory_name",
                name,
                edits=edits,
                code=code,
                official=entry.name,
                given=name,
                legacy=name_hint(code, name)["legacy"],
                legacy_zh=name_hint(code, name)["legacy_zh"],
            )
        )
    issues.extend(_status_issues(code, field, ctx))
    if entry.residual:
        issues.append(issue(RESIDUAL, field, code, code=code, name=entry.name))
    return True, tuple(issues)


def _subcategory_named(name: str, ctx: RowContext) -> Code | None:
    """The subcategory whose official name is ``name`` (loosely compared), if any."""
    if not name:
        return None
    index = ctx.memo("subcategory-names", lambda: {fold(c.name): c for c in ctx.codes.by_level(3)})
    return index.get(fold(name))


def _status_issues(
    code: str, field: str, ctx: RowContext, reported: tuple[str, str] | None = None
) -> list[Issue]:
    """Restricted, amended and renumbered codes, for either code column.

    ``reported`` is a restriction already reported for the row's subcategory, not repeated for its
    occupations.
    """
    entry = ctx.codes.get(code)
    if entry is None:
        return []
    issues = []
    reason = restriction(code)
    if reason is not None and reason != reported:
        issues.append(
            issue(RESTRICTED, field, code, code=code, name=entry.name, reason=reason[0], reason_zh=reason[1])
        )
    if entry.edition != "2022":
        issues.append(issue(AMENDED, field, code, code=code, name=entry.name, batch=entry.edition))
    if entry.renumbered_to:
        new = ctx.codes.get(entry.renumbered_to)
        batch = new.edition if new is not None else "—"
        issues.append(
            issue(
                RENUMBERED,
                field,
                code,
                edits=((field, entry.renumbered_to),) if field == "subcategory_code" else (),
                code=code,
                name=entry.name,
                batch=batch,
                new_code=entry.renumbered_to,
            )
        )
    return issues


def read_occupation_codes(
    text: str, ctx: RowContext
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[Issue, ...]]:
    """Split and normalise the occupation-codes cell.

    Returns the codes read, the cell's items in order (normalised where readable, as written where
    not, so nothing the drafter wrote is lost), and the issues of unreadable or dirty items.
    """
    if not text:
        return (), (), ()
    return ctx.memo(("occupations", text), lambda: _read_occupations(text, ctx.codes))


def _read_occupations(
    text: str, codes_list: CodeList
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[Issue, ...]]:
    codes: list[str] = []
    items: list[str] = []
    issues: list[Issue] = []
    for item in split_list(text):
        code, found = _from_text(item, "occupation_codes", codes_list)
        issues.extend(found)
        items.append(code or item)
        if code is not None:
            codes.append(code)
    if any(i.rule is NORMALISED for i in issues):
        # The repair writes the whole cell: every item in its standard form, once, in the order written.
        canonical = LIST_SEPARATOR.join(dict.fromkeys(items))
        issues = [
            replace(i, edits=(("occupation_codes", canonical),)) if i.rule is NORMALISED else i
            for i in issues
        ]
    return tuple(codes), tuple(items), tuple(issues)


def _occupations_verdict(
    occupations: tuple[str, ...], subcategory: str | None, ctx: RowContext
) -> tuple[Issue, ...]:
    field = "occupation_codes"
    issues: list[Issue] = []
    for code in occupations:
        entry = ctx.codes.get(code)
        if entry is None:
            from catalogtool.legacy import unknown_code_hint

            nearest = [f"{c.code} {c.name}" for c in ctx.codes.nearest(code, n=3, level=4)]
            issues.append(
                issue(
                    UNKNOWN_OCCUPATION,
                    field,
                    code,
                    code=code,
                    code_list=ctx.codes.label,
                    code_list_zh=ctx.codes.label_zh,
                    nearest=nearest,
                    legacy=unknown_code_hint(code)["legacy"],
                    legacy_zh=unknown_code_hint(code)["legacy_zh"],
                )
            )
            continue
        if entry.level != 4:
            example = [c.code for c in ctx.codes.children(code)[:3]] or "X-YY-ZZ-NN"
            level, level_zh = LEVEL_EN[entry.level], LEVEL_ZH[entry.level]
            issues.append(
                issue(
                    OCCUPATION_WRONG_LEVEL,
                    field,
                    code,
                    code=code,
                    name=entry.name,
                    level=level,
                    level_zh=level_zh,
                    example=example,
                )
            )
            continue
        if subcategory is not None and entry.parent != subcategory:
            actual = _names(ctx, [entry.parent or ""]) or "—"
            issues.append(
                issue(
                    OCCUPATION_OUTSIDE,
                    field,
                    code,
                    code=code,
                    name=entry.name,
                    actual=actual,
                    subcategory=subcategory,
                )
            )
        reported = restriction(subcategory) if subcategory else None
        issues.extend(_status_issues(code, field, ctx, reported))
    return tuple(issues)


def _subcategory_check(row: RowView, ctx: RowContext) -> tuple[Issue, ...]:
    code = row.value("subcategory_code")
    if not isinstance(code, str):  # unreadable: reading reported it; blank: the required-field rule's
        return ()
    issues = _subcategory_verdict(code, row.text("subcategory_name"), ctx)[1]
    entry = ctx.codes.get(code)
    if entry is None or entry.level != 4 or entry.parent is None:
        return issues
    # An occupation code in the subcategory column: the repair writes its subcategory there and keeps the
    # occupation code in the occupation-codes column.
    parent = ctx.codes.get(entry.parent)
    listed = split_list(row.text("occupation_codes"))
    occupations = LIST_SEPARATOR.join(dict.fromkeys([*listed, code]))
    edits = (
        ("subcategory_code", entry.parent),
        ("subcategory_name", parent.name if parent is not None else ""),
        ("occupation_codes", occupations),
    )
    return tuple(replace(i, edits=edits) if i.rule is WRONG_LEVEL else i for i in issues)


def _occupations_check(row: RowView, ctx: RowContext) -> tuple[Issue, ...]:
    occupations = row.value("occupation_codes")
    if not isinstance(occupations, tuple) or not occupations:
        return ()
    code = row.value("subcategory_code")
    entry = ctx.codes.get(code) if isinstance(code, str) else None
    # Only an existing subcategory can tell which occupations sit outside it.
    subcategory = code if isinstance(code, str) and entry is not None and entry.level == 3 else None
    issues = _occupations_verdict(tuple(map(str, occupations)), subcategory, ctx)
    if not any(i.rule is RENUMBERED for i in issues):
        return issues
    # A renumbered occupation code is repaired in its list: the cell is written again with the new code
    # in its place, every other item as it was.
    items = split_list(row.text("occupation_codes"))
    renumbered = {i.value: str(dict(i.params)["new_code"]) for i in issues if i.rule is RENUMBERED}
    cell = LIST_SEPARATOR.join(dict.fromkeys(renumbered.get(item, item) for item in items))
    return tuple(
        replace(i, edits=(("occupation_codes", cell),)) if i.rule is RENUMBERED else i for i in issues
    )


#: The subcategory code exists at the subcategory level, its name matches, and its status.
SUBCATEGORY_CHECK = RowCheck(
    name="subcategory",
    rules=(UNKNOWN_SUBCATEGORY, WRONG_LEVEL, NAME_MISMATCH, RESTRICTED, AMENDED, RENUMBERED, RESIDUAL),
    reads=("subcategory_code", "subcategory_name", "occupation_codes"),
    verdict=_subcategory_check,
)
#: Each occupation code exists, is an occupation, sits under the row's subcategory, and its status.
OCCUPATIONS_CHECK = RowCheck(
    name="occupations",
    rules=(UNKNOWN_OCCUPATION, OCCUPATION_WRONG_LEVEL, OCCUPATION_OUTSIDE, RESTRICTED, AMENDED, RENUMBERED),
    reads=("occupation_codes", "subcategory_code"),
    verdict=_occupations_check,
)
#: Rules reported while a row is read (normalize_row): the code must be read whatever their severity.
READING_RULES: tuple[Rule, ...] = (EXCEL_DATE, AMBIGUOUS_DATE, NORMALISED, MALFORMED, INCOMPLETE)
