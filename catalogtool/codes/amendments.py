"""The amendment layer: later ministry batches (and a province's own files) on top of the base edition."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from catalogtool.codes.model import Code
from catalogtool.errors import InputError

#: Columns of an amendment file; the first three are required, extra columns are ignored.
AMENDMENT_COLUMNS = ("batch", "occupation_code", "occupation_name", "subcategory_code", "renumbered_from")
_REQUIRED_AMENDMENT_COLUMNS = AMENDMENT_COLUMNS[:3]


class CodeListError(InputError):
    """An amendment file that cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class Amendment:
    """One row of an amendment file: a code added by a later batch, or a base code renumbered."""

    batch: str
    code: str
    name: str
    subcategory: str
    renumbered_from: str | None
    source: str
    line: int


def parse_amendments(text: str, source: str) -> list[Amendment]:
    """Parse amendment CSV text (columns :data:`AMENDMENT_COLUMNS`; extra columns ignored).

    Rows without a code are skipped (announced occupations whose code is not known yet). Shape
    problems raise :class:`CodeListError` naming ``source`` and the line; whether the codes fit the
    classification is checked when the layer is applied.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip().lstrip("\ufeff").lower() for h in next(reader, [])]
    missing = [c for c in _REQUIRED_AMENDMENT_COLUMNS if c not in header]
    if missing:
        raise CodeListError(
            f"{source}: not an amendment file: missing column(s) {', '.join(missing)} "
            f"(expected {', '.join(AMENDMENT_COLUMNS)})",
            f"{source}：不是职业增补文件，缺少列 {'、'.join(missing)}（应有 {', '.join(AMENDMENT_COLUMNS)}）",
        )
    index = {name: header.index(name) for name in AMENDMENT_COLUMNS if name in header}
    rows: list[Amendment] = []
    problems: list[tuple[int, str, str]] = []
    line = reader.line_num + 1
    for record in reader:
        value = {name: (record[i].strip() if i < len(record) else "") for name, i in index.items()}
        start, line = line, reader.line_num + 1
        code, name = value["occupation_code"], value["occupation_name"]
        if not any(record) or not code:
            continue
        problem = _row_problem(code, name, value["batch"], value.get("subcategory_code", ""))
        if problem is not None:
            problems.append((start, *problem))
            continue
        rows.append(
            Amendment(
                batch=value["batch"],
                code=code,
                name=name,
                subcategory=value.get("subcategory_code") or code.rsplit("-", 1)[0],
                renumbered_from=value.get("renumbered_from") or None,
                source=source,
                line=start,
            )
        )
    _raise_problems(source, problems)
    return rows


def _row_problem(code: str, name: str, batch: str, subcategory: str) -> tuple[str, str] | None:
    if not re.fullmatch(r"\d-\d\d-\d\d-\d\d", code):
        return (
            f"malformed occupation code {code!r} (expected X-YY-ZZ-NN, e.g. 2-02-10-03)",
            f"职业代码“{code}”格式不对（应为 X-YY-ZZ-NN，如 2-02-10-03）",
        )
    if not name:
        return f"occupation {code} has no name", f"职业 {code} 缺少名称"
    if not batch:
        return f"occupation {code} has no batch (e.g. 2024-07)", f"职业 {code} 缺少批次（如 2024-07）"
    if subcategory and not code.startswith(subcategory + "-"):
        return (
            f"occupation {code} is not under subcategory {subcategory}",
            f"职业 {code} 不属于小类 {subcategory}",
        )
    return None


def _raise_problems(source: str, problems: Sequence[tuple[int, str, str]]) -> None:
    if not problems:
        return
    more_en = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
    more_zh = f"（另有 {len(problems) - 3} 处）" if len(problems) > 3 else ""
    raise CodeListError(
        "; ".join(f"{source}:{line}: {en}" for line, en, _ in problems[:3]) + more_en,
        "；".join(f"{source}:{line}：{zh}" for line, _, zh in problems[:3]) + more_zh,
    )


def apply_amendments(codes: Mapping[str, Code], amendments: Sequence[Amendment]) -> dict[str, Code]:
    """Return ``codes`` with the amendment rows added; raise :class:`CodeListError` on conflicts.

    A row repeating an existing code with the same name changes nothing (re-loading the shipped
    layer is harmless). A renumbering keeps the old code valid and links both ways; the new code
    inherits the old one's markers and texts, since it is the same occupation.
    """
    result = dict(codes)
    for row in amendments:
        sub = result.get(row.subcategory)
        existing = result.get(row.code)
        old = result.get(row.renumbered_from) if row.renumbered_from else None
        problem: tuple[str, str] | None = None
        if sub is None or sub.level != 3:
            problem = (f"subcategory {row.subcategory} does not exist", f"小类 {row.subcategory} 不存在")
        elif existing is not None:
            if existing.name != row.name:
                problem = (
                    f"{row.code} already exists as {existing.name} (edition {existing.edition}), not {row.name}",
                    f"{row.code} 已存在，名称为“{existing.name}”（{existing.edition}），不是“{row.name}”",
                )
        elif row.renumbered_from and (old is None or old.level != 4 or old.parent != row.subcategory):
            problem = (
                f"renumbered_from {row.renumbered_from} is not an occupation of {row.subcategory}",
                f"renumbered_from {row.renumbered_from} 不是小类 {row.subcategory} 的职业",
            )
        elif old is not None and old.renumbered_to:
            problem = (
                f"{old.code} was already renumbered to {old.renumbered_to}",
                f"{old.code} 已改编为 {old.renumbered_to}",
            )
        if problem is not None:
            # Stop at the first conflict: later rows may build on this one (a renumbering).
            _raise_problems(row.source, [(row.line, *problem)])
        if existing is not None:
            continue
        new = Code(row.code, 4, row.name, row.subcategory, None, None, edition=row.batch)
        if old is not None:
            new = dataclasses.replace(
                old,
                code=row.code,
                name=row.name,
                edition=row.batch,
                renumbered_from=old.code,
                renumbered_to=None,
            )
            result[old.code] = dataclasses.replace(old, renumbered_to=row.code)
        result[row.code] = new
    return result


def read_amendment_file(path: Path) -> list[Amendment]:
    """Read an amendment CSV (UTF-8 with or without BOM, or GB18030) into rows."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CodeListError(
            f"{path}: cannot read the amendment file ({exc.strerror or exc})",
            f"{path}：无法读取职业增补文件（{exc.strerror or exc}）",
        ) from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        return parse_amendments(text, str(path))
    raise CodeListError(
        f"{path}: not a UTF-8 or GB18030 CSV file", f"{path}：不是 UTF-8 或 GB18030 编码的 CSV 文件"
    )
