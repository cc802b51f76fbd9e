"""Loading: the shipped data (occupation_codes/) and the user's amendment files into a CodeList."""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from pathlib import Path

from catalogtool.codes.amendments import apply_amendments, read_amendment_file
from catalogtool.codes.codelist import CodeList
from catalogtool.codes.model import BASE_EDITION, Code
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
            item.get("definition", ""),
            tuple(item.get("tasks", ())),
            tuple(item.get("aliases", ())),
        )
        for item in document["codes"]
    ]


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


@functools.cache
def _default_code_list() -> CodeList:
    return _load((), True)


def _load(extra: tuple[Path, ...], amendments: bool) -> CodeList:
    folder = data_dir("occupation_codes")
    try:
        base = codes_from_json((folder / "noc2022.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError) as exc:
        raise InputError(
            f"the occupation code list in {folder} is missing or damaged ({exc}); reinstall catalogtool",
            f"{folder} 中的职业分类数据缺失或损坏（{exc}），请重新安装 catalogtool",
        ) from None
    codes = {c.code: c for c in base}
    layers = ([folder / "amendments.csv"] if amendments else []) + list(extra)
    for path in layers:
        codes = apply_amendments(codes, read_amendment_file(path))
    editions = sorted({c.edition for c in codes.values()} - {BASE_EDITION})
    return CodeList(codes.values(), make_label(editions), make_label_zh(editions))
