"""`catalogtool new`: scaffold a drafting workspace (design.md §7) for one province.

The texts come from templates/workspace/ (commented YAML stubs and a README); the province's own
facts (title, authority, edition, effective date) are filled in with ruamel.yaml round-trip so the
comments survive. The catalog itself is the template workbook with its example row.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalogtool.atomic import write_all
from catalogtool.config import CONFIG_NAME
from catalogtool.data import data_dir
from catalogtool.errors import UsageError
from catalogtool.provinces import Province
from catalogtool.template import template_spec
from catalogtool.workbook import catalog_xlsx_bytes
from catalogtool.workspace import (
    CATALOG_CANDIDATES,
    CONSULTATION_FILE,
    PARTY_TYPES,
    PROVINCE_FILE,
    STANDARD_BLOCKS,
    STANDARDS_FILE,
    Contact,
    ProvinceMeta,
    validity_line,
)

if TYPE_CHECKING:
    from catalogtool.codes import CodeList

#: The catalog `new` creates: the template workbook (the first of workspace.CATALOG_CANDIDATES).
CATALOG_FILE = CATALOG_CANDIDATES[0]
README_FILE = "README.md"


@dataclass(frozen=True)
class WorkspaceResult:
    """What `new` did, as paths relative to the workspace root."""

    root: Path
    province_dir: Path
    created: tuple[Path, ...]
    overwritten: tuple[Path, ...]
    kept: tuple[Path, ...]  # catalogtool.yaml already present: never replaced


def province_dir(root: Path, province: Province) -> Path:
    """provinces/<ABBR> under the workspace root."""
    return root / "provinces" / province.abbr


def check_edition(edition: str) -> str:
    """The edition as a four-digit year, or a UsageError."""
    edition = edition.strip()
    if not re.fullmatch(r"(19|20|21)\d\d", edition):
        raise UsageError(
            f"--edition must be a year such as 2026, got {edition!r}",
            f"--edition 应为年份，如 2026，实际为 {edition!r}",
        )
    return edition


def default_effective_date(edition: str) -> dt.date:
    """The placeholder effective date: 1 January of the edition year (drafters change it)."""
    return dt.date(int(edition), 1, 1)


def _template(name: str) -> str:
    """A workspace template, with its lists of allowed values filled in from catalogtool.workspace."""
    text = (data_dir("templates") / "workspace" / name).read_text("utf-8")
    for marker, values in (("@party_types@", PARTY_TYPES), ("@standard_blocks@", STANDARD_BLOCKS)):
        line = text[: text.find(marker)].rpartition("\n")[2] if marker in text else ""
        listed = f"\n{line}".join(f"{key}  {zh} / {en}" for key, (zh, en) in values.items())
        text = text.replace(marker, listed)
    return text


def _round_trip() -> Any:
    """A ruamel round-trip YAML that keeps the templates' layout (indented lists, long lines)."""
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # keep flow mappings such as contact on one line
    return yaml


def _fill_yaml(text: str, values: Mapping[str, Any]) -> str:
    """Set top-level values in a commented YAML template, keeping its comments."""
    yaml = _round_trip()
    data = yaml.load(text)
    for key, value in values.items():
        data[key] = value
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def province_yaml(province: Province, edition: str, effective_date: dt.date) -> str:
    """provinces/<ABBR>/province.yaml, prefilled for ``province``."""
    return _fill_yaml(
        _template(PROVINCE_FILE),
        {
            "province": province.abbr,
            "title": template_spec().title(province.name_zh, edition),
            "edition": edition,
            "authority": province.hrss_department_zh,
            "effective_date": effective_date,
        },
    )


def standards_yaml(province: Province) -> str:
    """The Category A standards stub, with ids prefixed by the province code."""
    yaml = _round_trip()
    data = yaml.load(_template(STANDARDS_FILE))
    for number, standard in enumerate(data["standards"], start=1):
        standard["id"] = f"{province.abbr}-A-{number:02d}"
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def readme(province: Province, title: str) -> str:
    """The drafters' README (Chinese first)."""
    return _template(README_FILE).format(
        title=title, province_zh=province.name_zh, province_en=province.short_en, abbr=province.abbr
    )


def workspace_texts(province: Province, edition: str, effective_date: dt.date) -> dict[str, str]:
    """The text files of a province folder, by file name."""
    title = template_spec().title(province.name_zh, edition)
    return {
        PROVINCE_FILE: province_yaml(province, edition, effective_date),
        STANDARDS_FILE: standards_yaml(province),
        CONSULTATION_FILE: _template(CONSULTATION_FILE),
        README_FILE: readme(province, title),
    }


def create_workspace(
    root: Path,
    province: Province,
    *,
    edition: str,
    codes: CodeList,
    force: bool = False,
    effective_date: dt.date | None = None,
    timestamp: dt.datetime | None = None,
) -> WorkspaceResult:
    """Create (or add a province to) the workspace at ``root``.

    Writes catalogtool.yaml when absent, and provinces/<ABBR>/ with province.yaml, catalog.xlsx (the
    template with its example row), high-end-standards.yaml, consultation.yaml and README.md. Existing
    files (including another catalog.csv / catalog.yaml) are a UsageError naming them, unless ``force``.
    All files are written together or none (a failure leaves the workspace as it was).
    """
    edition = check_edition(edition)
    effective = effective_date or default_effective_date(edition)
    folder = province_dir(root, province)
    texts = workspace_texts(province, edition, effective)
    targets = [folder / name for name in (*texts, CATALOG_FILE)]
    others = [folder / name for name in CATALOG_CANDIDATES if name != CATALOG_FILE]
    existing = [p for p in (*targets, *others) if p.exists()]
    if existing and not force:
        names = ", ".join(str(p.relative_to(root)) for p in existing)
        raise UsageError(
            f"refusing to overwrite {names} (use --force to replace)",
            f"文件已存在，未覆盖：{names}（如需替换请加 --force）",
        )

    config = root / CONFIG_NAME
    kept: list[Path] = []
    created: list[Path] = []
    # Everything is made in memory first and written in one step (atomic.write_all): a full disk or
    # Ctrl-C leaves no half workspace behind, so running `new` again just works.
    files: dict[Path, bytes] = {}
    if config.exists():
        kept.append(config)
    else:
        files[config] = _template(CONFIG_NAME).encode("utf-8")
        created.append(config)
    for name, text in texts.items():
        files[folder / name] = text.encode("utf-8")
    meta = _meta(folder / PROVINCE_FILE, texts[PROVINCE_FILE])
    files[folder / CATALOG_FILE] = catalog_xlsx_bytes(
        [],
        title=meta.title,
        validity_line=validity_line(meta),
        codes=codes,
        example=True,
        timestamp=timestamp,
    )
    write_all(files)
    overwritten = [p for p in targets if p in existing]
    created.extend(p for p in targets if p not in existing)
    return WorkspaceResult(
        root=root,
        province_dir=folder.relative_to(root),
        created=tuple(p.relative_to(root) for p in created),
        overwritten=tuple(p.relative_to(root) for p in overwritten),
        kept=tuple(p.relative_to(root) for p in kept),
    )


def _meta(path: Path, text: str) -> ProvinceMeta:
    """The metadata the new province.yaml states (what the validity line needs)."""
    from ruamel.yaml import YAML

    doc: dict[str, Any] = YAML(typ="safe").load(text)
    return ProvinceMeta(
        path=path,
        province=doc["province"],
        title=doc["title"],
        edition=str(doc["edition"]),
        authority=doc["authority"],
        contact=Contact(),
        effective_date=doc["effective_date"],
        validity_years=doc["validity_years"],
        key_industries=tuple(doc["key_industries"]),
        code_list=doc["code_list"],
        local_average_wage=None,
        catalog=None,
        lines={},
    )
