"""The feedback form's facts and the reading of a returned form into opinions (no I/O).

A form carries the draft's rows (locked) and three columns the party fills: 意见类型 (a drop-down of
修改 / 删除 / 新增 / 其他), 意见内容 and 理由, with blank rows at the bottom for proposed new rows. Its
hidden identity (province, edition, party, a digest of the draft rows) and a hidden key per row let
a returned form be matched to the draft it answers even when the file was renamed, re-saved by WPS or
re-sorted. :func:`interpret` turns the cells of one returned form into :class:`Collected` opinions,
forgiving what people do to forms: blank rows, text typed in the wrong column, several numbered
opinions in one cell, draft cells edited in place.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from catalogtool.fields import TABLE
from catalogtool.model import FIELD_LABELS, FIELDS
from catalogtool.normalize import fold, parse_seq
from catalogtool.rules.catalog import OPINION_KINDS, PARTY_TYPES
from catalogtool.workspace import OpinionRow

FORM_MARK = "catalogtool-consult-form"
FORM_VERSION = "1"
FORM_SHEET = "意见反馈"
IDENTITY_SHEET = "表单信息"
INSTRUCTIONS_SHEET = "填表说明"

#: The draft's columns on the form, from the field table: the row's number, every required field and
#: every competency requirement (occupation codes and notes are in the 征求意见稿, not on the form).
FORM_FIELDS: tuple[str, ...] = tuple(f.key for f in TABLE if f.kind == "seq" or f.required or f.competency)
#: The columns a party fills: key → (header label, column width).
OPINION_COLUMNS: Mapping[str, tuple[str, float]] = {
    "kind": ("意见类型", 10),
    "content": ("意见内容", 34),
    "reason": ("理由", 24),
}
#: The hidden column holding each draft row's key.
KEY_COLUMN = ("key", "行标识")
#: Labels of the cover block, as written on the form and looked for when it comes back.
COVER_LABELS: Mapping[str, str] = {
    "party": "单位名称",
    "party_type": "单位类别",
    "contact": "联系人",
    "phone": "联系电话",
    "email": "电子邮箱",
    "date": "填表日期",
    "deadline": "反馈截止日期",
}


# --- identity -------------------------------------------------------------------------------------


def _digest(*parts: str, length: int) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:length]


def row_key(texts: Mapping[str, str]) -> str:
    """A draft row's key: a digest of every field's text, so a changed row gets a new key."""
    return _digest(*(texts.get(k, "") for k in FIELDS), length=12)


def draft_digest(keys: Iterable[str]) -> str:
    """The digest of a whole draft: its row keys in order."""
    return _digest(*keys, length=16)


@dataclass(frozen=True)
class FormIdentity:
    """What a form answers: written to a hidden sheet, read back to match a returned form."""

    province: str
    edition: str
    party: str  # empty on the generic form
    party_type: str
    draft: str  # draft_digest of the rows on the form
    rows: int
    version: str = FORM_VERSION

    def pairs(self) -> list[tuple[str, str]]:
        """The identity as (key, value) rows of the hidden sheet, after the mark row."""
        return [
            ("province", self.province),
            ("edition", self.edition),
            ("party", self.party),
            ("party_type", self.party_type),
            ("draft", self.draft),
            ("rows", str(self.rows)),
        ]

    @classmethod
    def from_pairs(cls, version: str, values: Mapping[str, str]) -> FormIdentity:
        rows = parse_seq(values.get("rows", "")) or 0
        return cls(
            province=values.get("province", ""),
            edition=values.get("edition", ""),
            party=values.get("party", ""),
            party_type=values.get("party_type", ""),
            draft=values.get("draft", ""),
            rows=rows,
            version=version,
        )


@dataclass(frozen=True)
class DraftRow:
    """A row of the current draft as the forms show it: the drafters' texts by field, and its key."""

    key: str
    seq: int | None
    texts: Mapping[str, str]

    @property
    def ref(self) -> OpinionRow:
        return OpinionRow(self.seq, self.texts.get("subcategory_code", ""), self.texts.get("position", ""))


def draft_rows(rows: Iterable[Mapping[str, str]]) -> tuple[DraftRow, ...]:
    """The draft's rows (each a mapping of field → text) with their keys."""
    out = []
    for texts in rows:
        clean = MappingProxyType({k: str(texts.get(k, "") or "").strip() for k in FIELDS})
        out.append(DraftRow(row_key(clean), parse_seq(clean["seq"]), clean))
    return tuple(out)


# --- kinds and several opinions in one cell -------------------------------------------------------

_KIND_WORDS: Mapping[str, str] = {
    **{fold(zh): key for key, (zh, _) in OPINION_KINDS.items()},
    **{fold(key): key for key in OPINION_KINDS},
    "修订": "modify",
    "调整": "modify",
    "更改": "modify",
    "change": "modify",
    "删去": "delete",
    "取消": "delete",
    "增加": "add",
    "添加": "add",
    "增设": "add",
    "其它": "other",
}
_KIND_HINTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("delete", re.compile(r"删除|删去|取消(该|此|这)")),
    ("add", re.compile(r"新增|增加|增设|增列|补充")),
    ("modify", re.compile(r"修改|调整|改为|提高|降低|放宽|提升|明确|统一|更正")),
)
_PUNCT = "：:，,。.；;、 \t\u3000"
_LEADING_KIND = re.compile(r"^\s*(?:建议)?(修改|删除|新增|其他|其它)\s*[：:]\s*")


def parse_kind(text: str) -> str | None:
    """The kind a cell names (修改, 删除, 新增, 其他 and a few synonyms), or None."""
    return _KIND_WORDS.get(fold(text).strip(_PUNCT))


def leading_kind(text: str) -> tuple[str, str] | None:
    """'删除：该岗位已无需求' → ('delete', '该岗位已无需求'); None without such a lead."""
    m = _LEADING_KIND.match(text)
    if m is None:
        return None
    kind = _KIND_WORDS[fold(m.group(1))]
    return kind, text[m.end() :].strip()


# "增加/补充" on a post already in the draft adds to that post's requirements (a modification), unless
# the words are about a post, subcategory or occupation to add: 建议新增岗位…, 增设两个岗位, 补充以下职业.
_NEW_ENTRY = re.compile(
    r"(?:新增|增加|增设|增列|补充)(?:[一二两三四五六七八九十几若干\d]+个?|以下|下列|相关|同类)?"
    r"(?:岗位|职位|小类|职业|条目)(?!职责|要求|描述|名称|说明)"
)


def infer_kind(text: str, new_row: bool, on_row: bool = False) -> str:
    """The kind of an opinion whose type was not chosen, from its words. ``on_row``: the opinion answers
    a post of the draft, so asking to add something to it (建议增加英语能力要求) modifies that post."""
    if new_row:
        return "add"
    for kind, pattern in _KIND_HINTS:
        if pattern.search(text):
            if kind == "add" and on_row and not _NEW_ENTRY.search(text):
                return "modify"
            return kind
    return "other"


# Item markers: 1. 1、 1) (1) （1） ① 一、 — at the start of the cell or after a space, a line break,
# ；, 。 or ，
_ITEM = re.compile(
    r"(?:^|(?<=[\n；;。，,\s]))[ \t\u3000]*"
    r"(?:[（(](\d{1,2})[)）]|(\d{1,2})(?:[、)）]|[.．](?!\d))|([①-⑳])|([一二三四五六七八九十])[、.．])"
)
_CN = "一二三四五六七八九十"


def _item_number(m: re.Match[str]) -> int:
    paren, plain, circled, chinese = m.groups()
    if paren or plain:
        return int(paren or plain)
    if circled:
        return ord(circled) - ord("①") + 1
    return _CN.index(chinese) + 1


def split_items(text: str) -> list[str]:
    """Several opinions in one cell, numbered 1. 2. / （1）（2）/ ①② / 一、二、, or one per line when
    every line starts with 建议; otherwise the cell as one item. Empty text gives no items."""
    text = text.strip()
    if not text:
        return []
    starts: list[int] = []
    ends: list[int] = []
    for m in _ITEM.finditer(text):
        if _item_number(m) == len(starts) + 1:
            starts.append(m.start())
            ends.append(m.end())
    if len(starts) >= 2 and not text[: starts[0]].strip():
        bounds = [*starts[1:], len(text)]
        items = [text[e:b].strip().rstrip("；;").strip() for e, b in zip(ends, bounds, strict=True)]
        return [i for i in items if i]
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) >= 2 and all(line.startswith("建议") for line in lines):
        return [line.rstrip("；;") for line in lines]
    return [text]


# --- a returned form, as read -----------------------------------------------------------------------


@dataclass(frozen=True)
class FormCell:
    """A non-empty cell of a returned form: its column letter and text."""

    column: str
    text: str


@dataclass(frozen=True)
class FormRow:
    """One row below the form's header: cells by key (FORM_FIELDS, kind, content, reason, key) and any
    text in columns the form does not label."""

    number: int
    cells: Mapping[str, FormCell]
    extra: tuple[FormCell, ...] = ()

    def text(self, key: str) -> str:
        cell = self.cells.get(key)
        return cell.text if cell is not None else ""

    def cell(self, key: str, columns: Mapping[str, str]) -> str:
        """The A1 reference of field ``key`` in this row (its column from the header)."""
        cell = self.cells.get(key)
        return f"{cell.column if cell else columns.get(key, '?')}{self.number}"


@dataclass(frozen=True)
class FormRead:
    """What a returned workbook holds: its identity (None when the hidden sheet is gone), the cover
    block's values by COVER_LABELS key, the header's columns and the rows below it."""

    file: str  # the file name, as received
    sheet: str
    identity: FormIdentity | None
    cover: Mapping[str, str]
    columns: Mapping[str, str]  # key → column letter
    rows: tuple[FormRow, ...]


# --- interpretation -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Collected:
    """One opinion read from a form, ready to be recorded in consultation.yaml."""

    id: str
    party: str
    row: OpinionRow | None
    new_row: bool
    kind: str
    summary: str
    reason: str
    proposal: Mapping[str, str]
    source_file: str
    source_cell: str
    part: int | None = None
    received: dt.date | None = None


@dataclass(frozen=True)
class Note:
    """Something a person should know about a returned form (a warning; nothing is lost)."""

    file: str
    where: str  # a cell or row reference, or "" for the whole form
    en: str
    zh: str

    def message(self, lang: str) -> str:
        text = self.zh if lang == "zh" else self.en
        place = f"{self.file}!{self.where}" if self.where else self.file
        return f"{place}: {text}" if lang != "zh" else f"{place}：{text}"


@dataclass(frozen=True)
class FormResult:
    """The opinions of one form, with notes and the rows that no longer match the draft."""

    file: str
    party: str
    opinions: tuple[Collected, ...]
    notes: tuple[Note, ...]
    unmatched_rows: int

    @property
    def proposals(self) -> int:
        return sum(1 for o in self.opinions if o.new_row)


def opinion_id(party: str, row_ref: str, summary: str) -> str:
    """The stable id of an opinion: its party, the row it answers and its text (folded), so the same
    form collected twice, or re-saved, gives the same ids; the kind is left out (a person may re-pick it)."""
    return "op-" + _digest(fold(party), row_ref, fold(summary), length=12)


def _label(key: str) -> str:
    if key in OPINION_COLUMNS:
        return OPINION_COLUMNS[key][0]
    return FIELD_LABELS[key][0]


def _same_text(a: str, b: str) -> bool:
    if fold(a) == fold(b):
        return True
    sa, sb = parse_seq(a), parse_seq(b)  # 3 and 3.0, as a spreadsheet may give a number back
    return sa is not None and sa == sb


def _join(*texts: str) -> str:
    return "\n".join(t for t in texts if t)


def _proposal_summary(proposal: Mapping[str, str]) -> str:
    head = " ".join(
        v for v in (proposal.get("subcategory_code", ""), proposal.get("subcategory_name", "")) if v
    )
    position = proposal.get("position", "")
    text = "建议新增岗位：" + "，".join(p for p in (head, position) if p)
    details = [
        f"{FIELD_LABELS[k][0]}：{proposal[k]}"
        for k in FORM_FIELDS
        if k not in ("seq", "subcategory_code", "subcategory_name", "position") and proposal.get(k)
    ]
    return text + (f"（{'；'.join(details)}）" if details else "")


@dataclass(frozen=True)
class _Match:
    draft: DraftRow | None
    status: str  # same, changed (answers an older version of a row), gone, new, general


def _match(
    row: FormRow, by_key: Mapping[str, DraftRow], by_name: Mapping[tuple[str, str], DraftRow]
) -> _Match:
    key = row.text("key")
    if key and key in by_key:
        return _Match(by_key[key], "same")
    name = (fold(row.text("subcategory_code")), fold(row.text("position")))
    found = by_name.get(name) if any(name) else None
    if key:  # a row of an older draft
        return _Match(found, "changed") if found is not None else _Match(None, "gone")
    if found is not None:  # typed or copied without the hidden key
        return _Match(found, "same")
    if any(row.text(k) for k in FORM_FIELDS if k != "seq"):
        return _Match(None, "new")
    return _Match(None, "general")


def interpret(form: FormRead, party: str, draft: Sequence[DraftRow]) -> FormResult:
    """Every opinion of a returned form, attributed to ``party``, matched to the rows of ``draft``."""
    by_key = {d.key: d for d in reversed(draft)}
    by_name = {(fold(d.texts["subcategory_code"]), fold(d.texts["position"])): d for d in reversed(draft)}
    opinions: list[Collected] = []
    notes: list[Note] = []
    unmatched = 0
    for row in form.rows:
        match = _match(row, by_key, by_name)
        found, row_notes = _row_opinions(form, party, row, match)
        opinions += found
        notes += row_notes
        if found and match.status in ("changed", "gone"):
            unmatched += 1
            ref = _form_ref(row)
            shown = f"{ref.seq if ref.seq is not None else ''} {ref.code} {ref.position}".strip()
            if match.status == "changed":
                en = f"the row ({shown}) was changed in the draft after this form was sent; check the opinion against the current row"
                zh = f"该行（{shown}）在发出此表后已修改，请对照现行草案核对意见"
            else:
                en = f"the row ({shown}) is no longer in the draft; the opinion is recorded as the form showed the row"
                zh = f"该行（{shown}）已不在现行草案中，意见按反馈表所示的行记录"
            notes.append(Note(form.file, str(row.number), en, zh))
    return FormResult(form.file, party, tuple(_unique(opinions)), tuple(notes), unmatched)


def _unique(opinions: Iterable[Collected]) -> list[Collected]:
    seen: set[str] = set()
    out = []
    for o in opinions:
        if o.id not in seen:
            seen.add(o.id)
            out.append(o)
    return out


def _form_ref(row: FormRow) -> OpinionRow:
    return OpinionRow(parse_seq(row.text("seq")), row.text("subcategory_code"), row.text("position"))


def _row_opinions(
    form: FormRead, party: str, row: FormRow, match: _Match
) -> tuple[list[Collected], list[Note]]:
    notes: list[Note] = []
    cols = form.columns

    def note(key: str, en: str, zh: str) -> None:
        notes.append(Note(form.file, row.cell(key, cols), en, zh))

    kind_text, content, reason = row.text("kind"), row.text("content"), row.text("reason")
    content_key = "content"
    kind = parse_kind(kind_text) if kind_text else None
    if kind_text and kind is None:  # an opinion typed into the drop-down column
        lead = leading_kind(kind_text)
        moved = kind_text
        if lead is not None:
            kind, moved = lead
        content = _join(moved, content)
        if not row.text("content"):
            content_key = "kind"
        note("kind", "text in 意见类型 read as the opinion", "意见类型列中的文字已作为意见内容读取")
    if content and kind is None and (named := parse_kind(content)) is not None:
        kind, content = named, ""  # the type typed into the opinion column
    if not content and reason and not (kind == "delete" and match.draft is not None):
        # (删除 with a reason alone says it all: the opinion is the deletion, the text its reason.)
        content, reason, content_key = reason, "", "reason"
        note(
            "reason",
            "text in 理由 with no 意见内容 read as the opinion",
            "理由列有文字而意见内容为空，已作为意见内容读取",
        )
    for cell in row.extra:
        content = _join(content, cell.text)
        if content_key == "content" and not row.text("content"):
            content_key = ""
        notes.append(
            Note(
                form.file,
                f"{cell.column}{row.number}",
                "text outside the form's columns read as the opinion",
                "表格列之外的文字已作为意见内容读取",
            )
        )
    source_cell = row.cell(content_key, cols) if content_key else f"{row.extra[0].column}{row.number}"

    new_row = match.status == "new"
    ref: OpinionRow | None = None
    row_ref = "general"
    proposal: dict[str, str] = {}
    if match.draft is not None and match.status == "same":
        ref, row_ref = match.draft.ref, match.draft.key
    elif match.status in ("changed", "gone"):
        ref, row_ref = _form_ref(row), row.text("key")
    elif new_row:
        proposal = {k: row.text(k) for k in FORM_FIELDS if k != "seq" and row.text(k)}
        row_ref = "new:" + "|".join(fold(proposal.get(k, "")) for k in ("subcategory_code", "position"))
    elif kind == "add":
        new_row = True
        row_ref = "new:"

    items: list[_Item] = []
    # Draft cells edited in place (a party that lifted the protection): each edit is an opinion.
    if match.draft is not None and row.text("key") == match.draft.key:
        for key in FORM_FIELDS:
            edited = row.cells.get(key)
            old = match.draft.texts.get(key, "")
            new = edited.text if edited is not None else ""
            if (edited is None and not old) or _same_text(new, old):
                continue
            summary = f"建议将“{_label(key)}”由“{old or '（空）'}”改为“{new or '（空）'}”"
            items.append(_Item("modify", summary, row.cell(key, cols)))
            note(
                key,
                "a draft cell was edited in the form; recorded as an opinion",
                "反馈表中直接修改了草案内容，已记为意见",
            )

    if not content:  # the opinion is what the row says: its source is the cell that says it
        if kind == "delete" and match.draft is not None:
            content, source_cell = "建议删除该岗位", row.cell("kind", cols)
        elif new_row and proposal:
            content = _proposal_summary(proposal)
            source_cell = row.cell("kind" if "kind" in row.cells else "position", cols)
        elif kind is not None and not items:
            note(
                "kind", "an opinion type was chosen but no opinion written", "选择了意见类型但未填写意见内容"
            )
    elif new_row and proposal and not _mentions(content, proposal):
        content = _join(_proposal_summary(proposal), content)

    pieces = split_items(content)
    reasons = split_items(reason)
    paired = len(pieces) > 1 and len(reasons) == len(pieces)
    for i, piece in enumerate(pieces):
        piece_kind = kind
        lead = leading_kind(piece)
        if lead is not None:
            piece_kind, piece = lead
        items.append(
            _Item(
                piece_kind or infer_kind(piece, new_row, on_row=ref is not None),
                piece,
                source_cell,
                i + 1 if len(pieces) > 1 else None,
                reasons[i] if paired else reason,
            )
        )
    out = [
        Collected(
            id=opinion_id(party, row_ref, item.summary),
            party=party,
            row=None if new_row else ref,
            new_row=new_row,
            kind="add" if new_row else item.kind,
            summary=item.summary,
            reason=item.reason,
            proposal=MappingProxyType(proposal),
            source_file=form.file,
            source_cell=f"{form.sheet}!{item.cell}",
            part=item.part,
        )
        for item in items
        if item.summary
    ]
    return out, notes


@dataclass(frozen=True)
class _Item:
    kind: str
    summary: str
    cell: str
    part: int | None = None
    reason: str = ""


def _mentions(content: str, proposal: Mapping[str, str]) -> bool:
    position = proposal.get("position", "")
    return bool(position) and fold(position) in fold(content)


# --- parties ------------------------------------------------------------------------------------

_TYPE_BY_LABEL: Mapping[str, str] = {
    **{fold(zh): key for key, (zh, _) in PARTY_TYPES.items()},
    **{fold(key): key for key in PARTY_TYPES},
    **{fold(en): key for key, (_, en) in PARTY_TYPES.items()},
}


def party_type_key(text: str) -> str | None:
    """'行业协会' / 'industry_association' → 'industry_association'; None when not a known type."""
    return _TYPE_BY_LABEL.get(fold(text))


_DATE = re.compile(r"(\d{4})\s*[-年./／]\s*(\d{1,2})\s*[-月./／]\s*(\d{1,2})\s*日?")


def parse_date(text: str) -> dt.date | None:
    """2026-03-28, 2026年3月28日, 2026.3.28, 2026/3/28 (or a datetime's text) → a date; else None."""
    m = _DATE.search(unicodedata.normalize("NFKC", text))
    if m is None:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
