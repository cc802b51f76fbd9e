"""The library entry points of ``catalogtool consult``: write the forms, collect the returned ones.

:func:`write_forms` and :func:`collect` take a request and return a result value; the command only
parses options and prints. Both read the province's workspace and its draft catalog the way
``validate --province`` does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from catalogtool.consult.core import (
    Collected,
    DraftRow,
    FormResult,
    Note,
    draft_digest,
    draft_rows,
    interpret,
    parse_date,
    party_type_key,
)
from catalogtool.errors import UsageError
from catalogtool.normalize import fold
from catalogtool.workspace import Party, Workspace, load_workspace, name_key

if TYPE_CHECKING:
    from catalogtool.validate import ValidateOptions


@dataclass(frozen=True)
class Draft:
    """A province's workspace and its draft rows as the forms show them."""

    ws: Workspace
    rows: tuple[DraftRow, ...]
    errors: int  # validation errors in the draft (the forms are written all the same)


def load_draft(root: Path, province: str, options: ValidateOptions | None = None) -> Draft:
    """The workspace and its catalog rows, in the drafters' wording (codes normalised); ``options``
    (from :func:`catalogtool.config.options_from`) say which sheet and code-list extras."""
    from catalogtool.codes import load_code_list
    from catalogtool.validate import ValidateOptions, load_catalog

    ws = load_workspace(root, province)
    options = options or ValidateOptions()
    loaded = load_catalog(ws.catalog_path, options, load_code_list(options.codes_extra))
    rows = draft_rows(dict(r.raw) for r in loaded.rows)
    return Draft(ws, rows, loaded.report.count("error"))


# --- forms ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormsResult:
    """The files written by :func:`write_forms`."""

    folder: Path
    forms: tuple[Path, ...]
    letter: Path
    draft_errors: int


def default_forms_dir(ws: Workspace) -> Path:
    """<workspace>/consult/<XX>-<edition>/ unless --out says otherwise."""
    from catalogtool.package import package_name

    return ws.root / "consult" / package_name(ws.province, ws.meta.edition)


def form_timestamp(ws: Workspace) -> dt.datetime:
    """The documents' one timestamp: the start of the consultation period (else the effective date),
    so writing the forms again gives the same bytes."""
    c = ws.consultation
    day = (c.period_start if c is not None else None) or ws.meta.effective_date or dt.date(1980, 1, 1)
    return dt.datetime.combine(day, dt.time())


def write_forms(draft: Draft, out: Path | None = None, names: Sequence[str] = ()) -> FormsResult:
    """Write a feedback workbook per party (the named ones, or all; the generic form when none is
    listed) and the 征求意见稿 into ``out``, each file atomically. Other files there are left alone."""
    from catalogtool.atomic import write_bytes
    from catalogtool.consult.forms import (
        DRAFT_DOCX,
        consultation_draft_docx,
        feedback_form_xlsx,
        form_file_name,
    )

    ws = draft.ws
    parties = list(ws.consultation.parties) if ws.consultation is not None else []
    chosen: list[tuple[int, Party | None]] = list(enumerate(parties, start=1))
    if names:
        by_name = {name_key(p.name): (i, p) for i, p in enumerate(parties, start=1)}
        unknown = [n for n in names if name_key(n) not in by_name]
        if unknown:
            listed = "、".join(p.name for p in parties) or "—"
            raise UsageError(
                f"--party {unknown[0]!r} is not among the parties of consultation.yaml ({listed})",
                f"--party “{unknown[0]}” 不在 consultation.yaml 的征求意见对象中（{listed}）",
            )
        chosen = [by_name[name_key(n)] for n in dict.fromkeys(names)]
    if not chosen:
        chosen = [(0, None)]
    folder = out if out is not None else default_forms_dir(ws)
    when = form_timestamp(ws)
    written = []
    for seq, party in chosen:
        path = folder / form_file_name(seq, party)
        write_bytes(path, feedback_form_xlsx(ws, draft.rows, party, when))
        written.append(path)
    letter = folder / DRAFT_DOCX
    write_bytes(letter, consultation_draft_docx(ws, draft.rows, when))
    return FormsResult(folder, tuple(written), letter, draft.errors)


# --- collect -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CollectRequest:
    """What ``consult collect`` was asked to do."""

    files: tuple[Path, ...]
    add_party: bool = False
    party: str | None = None  # attribute every file to this party
    received: dt.date | None = None  # when the form does not say (default: today)
    dry_run: bool = False


@dataclass(frozen=True)
class CollectResult:
    """The forms read, what is new, and what stopped the record from being written (if anything)."""

    path: Path
    forms: tuple[FormResult, ...]
    added: tuple[Collected, ...]
    already: int  # opinions already in the record
    new_parties: tuple[tuple[str, str], ...]  # (name, type)
    notes: tuple[Note, ...]  # warnings
    problems: tuple[Note, ...]  # why nothing was written
    written: bool

    @property
    def exit_code(self) -> int:
        return 1 if self.problems else 0


def collect(draft: Draft, request: CollectRequest, today: dt.date) -> CollectResult:
    """Read every returned form and merge its opinions into consultation.yaml (atomically), unless a
    form cannot be attributed: then nothing is written and ``problems`` says why."""
    from catalogtool.consult.reader import read_form
    from catalogtool.consult.record import NewParty, append_to_record

    ws = draft.ws
    known = {name_key(p.name): p for p in (ws.consultation.parties if ws.consultation else ())}
    added_parties: dict[str, NewParty] = {}
    current = draft_digest(d.key for d in draft.rows)
    forms: list[FormResult] = []
    notes: list[Note] = []
    problems: list[Note] = []
    for path in request.files:
        form = read_form(path)
        ident = form.identity
        if ident is not None and ident.province and fold(ident.province) != fold(ws.province.abbr):
            problems.append(
                Note(
                    form.file,
                    "",
                    f"this form is for province {ident.province}, not {ws.province.abbr}",
                    f"此反馈表属于 {ident.province}，不是 {ws.province.abbr}",
                )
            )
            continue
        name = request.party or (ident.party if ident is not None else "") or form.cover.get("party", "")
        if not name:
            problems.append(
                Note(
                    form.file,
                    "",
                    "cannot tell which party sent this form: its 单位名称 is empty; fill it in, or name the "
                    "party with --party",
                    "无法判断反馈单位：单位名称为空。请补填，或用 --party 指定",
                )
            )
            continue
        party = known.get(name_key(name))
        if party is None and name_key(name) not in added_parties:
            type_text = (ident.party_type if ident is not None else "") or form.cover.get("party_type", "")
            kind = party_type_key(type_text) if type_text else None
            if not request.add_party:
                problems.append(
                    Note(
                        form.file,
                        "",
                        f"{name} is not among the parties of consultation.yaml; add it there, or run again "
                        "with --add-party",
                        f"“{name}”不在 consultation.yaml 的征求意见对象中；请先添加，或加 --add-party 重新运行",
                    )
                )
                continue
            if kind is None:
                problems.append(
                    Note(
                        form.file,
                        "",
                        f"the form does not say what kind of party {name} is: choose its 单位类别 on the form",
                        f"反馈表未注明“{name}”的单位类别，请在表中选择单位类别",
                    )
                )
                continue
            added_parties[name_key(name)] = NewParty(name, kind, None)
        canonical = party.name if party is not None else added_parties[name_key(name)].name
        received = parse_date(form.cover.get("date", "")) or request.received or today
        if name_key(canonical) in added_parties and added_parties[name_key(canonical)].date is None:
            added_parties[name_key(canonical)] = replace(added_parties[name_key(canonical)], date=received)
        result = interpret(form, canonical, draft.rows)
        result = replace(result, opinions=tuple(replace(o, received=received) for o in result.opinions))
        forms.append(result)
        if ident is None:
            notes.append(
                Note(
                    form.file,
                    "",
                    "the form's hidden identity is gone (copied into another workbook?); rows were matched by "
                    "their code and position",
                    "反馈表的隐藏标识已丢失（是否复制到了其他工作簿？），已按小类代码和岗位名称匹配各行",
                )
            )
        elif ident.draft and ident.draft != current:
            notes.append(
                Note(
                    form.file,
                    "",
                    "this form answers an earlier version of the draft",
                    "此反馈表针对的是较早版本的征求意见稿",
                )
            )
        notes += result.notes

    existing = ws.consultation.opinions if ws.consultation is not None else ()
    seen_ids = {o.id for o in existing if o.id}
    seen_texts = {(name_key(o.party), fold(o.summary)) for o in existing}
    added: list[Collected] = []
    already = 0
    for result in forms:
        for o in result.opinions:
            text_key = (name_key(o.party), fold(o.summary))
            if o.id in seen_ids or text_key in seen_texts:
                already += 1
                continue
            seen_ids.add(o.id)
            seen_texts.add(text_key)
            added.append(o)
    new_parties = tuple(added_parties.values())
    written = False
    if not problems and not request.dry_run and (added or new_parties):
        append_to_record(ws.consultation_path, new_parties, added)
        written = True
    return CollectResult(
        path=ws.consultation_path,
        forms=tuple(forms),
        added=tuple(added),
        already=already,
        new_parties=tuple((p.name, p.type) for p in new_parties),
        notes=tuple(notes),
        problems=tuple(problems),
        written=written,
    )
