"""Loading: the shipped data (occupation_codes/) and the user's amendment files into a CodeList.

The shipped list (noc2022.json with amendments.csv) is read from its compile, noc2022.compiled.json
(catalogtool/compiled.py: used only while it matches both files), which leaves out the definitions and
tasks: three quarters of the data, read by ``codes show``, search and suggestions only, so a check does
not parse them (about 6 ms of a small check). They are read from noc2022.json on first use."""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from catalogtool.codes.codelist import CodeList
from catalogtool.codes.model import BASE_EDITION, Code, Deferred
from catalogtool.compiled import compile_text, read_compile
from catalogtool.data import data_dir
from catalogtool.errors import InputError


def codes_from_json(text: str) -> list[Code]:
    """Parse ``noc2022.json`` (as written by scripts/build_codes.py) into codes."""
    document = json.loads(text)
    # Positional arguments, in Code's field order: every run builds some 2,000 codes, and keywords
    # cost a fifth more.
    return [
        Code(
            item["code"],
            item["level"],
            item["name"],
            item["parent"],
            item.get("green"),
            item.get("digital"),
            *_texts_of(item),
            tuple(item.get("aliases", ())),
        )
        for item in document["codes"]
    ]


def _texts_of(item: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    """(definition, tasks) of one code of ``noc2022.json``."""
    return item.get("definition", ""), tuple(item.get("tasks", ()))


def make_label(editions: Sequence[str]) -> str:
    """'NOC 2022', or 'NOC 2022 (+2024-07, +2025-07)' when amendment batches are loaded."""
    if not editions:
        return f"NOC {BASE_EDITION}"
    return f"NOC {BASE_EDITION} (" + ", ".join(f"+{e}" for e in editions) + ")"


def make_label_zh(editions: Sequence[str]) -> str:
    """《职业分类大典（2022年版）》, with 及2024年7月、2025年7月增补职业 when batches are loaded."""
    base = f"《中华人民共和国职业分类大典（{BASE_EDITION}年版）》"
    batches = []
    for e in editions:
        year, _, month = e.partition("-")
        batches.append(f"{year}年{int(month)}月" if month.isdigit() else e)
    return base + ("及" + "、".join(batches) + "增补职业" if batches else "")


def load_code_list(extra: Sequence[Path] = (), *, amendments: bool = True) -> CodeList:
    """The base edition, the shipped amendment layer (unless ``amendments=False``) and the user's
    amendment files ``extra``, in that order. The default list is loaded once per process."""
    if not extra and amendments:
        return _default_code_list()
    return _load(tuple(Path(p) for p in extra), amendments)


#: The shipped list compiled (scripts/compile_data.py) from these files of occupation_codes/.
CODE_LIST_COMPILE = "noc2022.compiled.json"
_COMPILED_FROM = ("noc2022.json", "amendments.csv")


@functools.cache
def _default_code_list() -> CodeList:
    folder = data_dir("occupation_codes")
    return _from_compile(folder) or _load((), True)


def _from_compile(folder: Path) -> CodeList | None:
    """The shipped list from its compile while that is current (else None): the same codes, their
    definitions and tasks read from noc2022.json only when first asked for (codes/model.py: Deferred)."""
    rows = read_compile(folder / CODE_LIST_COMPILE, [folder / name for name in _COMPILED_FROM])
    if rows is None:
        return None
    texts = functools.cache(lambda: _texts(folder / "noc2022.json"))

    def definition_of(code: str) -> str:
        return texts()[code][0]

    def tasks_of(code: str) -> tuple[str, ...]:
        return texts()[code][1]

    codes = []
    for code, level, name, parent, green, digital, aliases, edition, to, since, texts_of in rows:
        if texts_of is None:
            definition: str | Deferred = ""
            tasks: tuple[str, ...] | Deferred = ()
        else:
            definition, tasks = Deferred(definition_of, texts_of), Deferred(tasks_of, texts_of)
        codes.append(
            Code(
                code,
                level,
                name,
                parent,
                green,
                digital,
                definition,
                tasks,
                tuple(aliases),
                edition,
                to,
                since,
            )
        )
    editions = sorted({c.edition for c in codes} - {BASE_EDITION})
    return CodeList(codes, make_label(editions), make_label_zh(editions), ordered=True)


def _texts(path: Path) -> dict[str, tuple[str, tuple[str, ...]]]:
    """(definition, tasks) of every base code, by code."""
    document = json.loads(path.read_text(encoding="utf-8"))
    return {item["code"]: _texts_of(item) for item in document["codes"]}


def compile_code_list() -> str:
    """The compile of the shipped list (base edition and shipped amendments) without the texts: each
    code's fields, then the base code whose definition and tasks it has (see _from_compile)."""
    folder = data_dir("occupation_codes")
    base = {c.code: c for c in codes_from_json((folder / "noc2022.json").read_text(encoding="utf-8"))}
    listed = _load((), True)
    lines = []
    for c in listed:
        origin: Code | None = c
        while origin is not None and origin.code not in base:  # a renumbered code: its first code's texts
            origin = listed.get(origin.renumbered_from) if origin.renumbered_from else None
        texts_of = origin.code if origin is not None and (c.definition or c.tasks) else None
        texts = (base[texts_of].definition, base[texts_of].tasks) if texts_of else ("", ())
        if (c.definition, c.tasks) != texts:
            raise ValueError(f"{c.code}: its texts are not those of a base code")
        fields = [c.code, c.level, c.name, c.parent, c.green, c.digital, list(c.aliases), c.edition]
        lines.append(json.dumps([*fields, c.renumbered_to, c.renumbered_from, texts_of], ensure_ascii=False))
    return compile_text([folder / name for name in _COMPILED_FROM], lines)


def _load(extra: tuple[Path, ...], amendments: bool) -> CodeList:
    folder = data_dir("occupation_codes")
    try:
        base = codes_from_json((folder / "noc2022.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError) as exc:
        raise InputError(
            f"the occupation code list in {folder} is missing or damaged ({exc}); reinstall catalogtool",
            f"{folder} 中的职业分类数据缺失或损坏（{exc}），请重新安装 catalogtool",
        ) from None
    from catalogtool.codes.amendments import apply_amendments, read_amendment_file

    codes = {c.code: c for c in base}
    layers = ([folder / "amendments.csv"] if amendments else []) + list(extra)
    for path in layers:
        codes = apply_amendments(codes, read_amendment_file(path))
    editions = sorted({c.edition for c in codes.values()} - {BASE_EDITION})
    return CodeList(codes.values(), make_label(editions), make_label_zh(editions))
