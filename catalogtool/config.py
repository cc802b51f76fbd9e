"""``catalogtool.yaml``: a workspace's defaults (code-list extras, rule severities, language, format)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from catalogtool.errors import InputError
from catalogtool.model import SEVERITIES

CONFIG_NAME = "catalogtool.yaml"
_KEYS = {"codes_extra", "severity", "lang", "format", "competency_schema", "strict"}


@dataclass(frozen=True)
class Config:
    """Settings read from catalogtool.yaml; relative paths are resolved against its folder."""

    path: Path | None = None
    codes_extra: tuple[Path, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)
    lang: str | None = None
    format: str | None = None
    competency_schema: Path | None = None
    strict: bool = False


def find_config(start: Path) -> Path | None:
    """``catalogtool.yaml`` in ``start`` (a folder, or a file's folder), if there is one."""
    folder = start if start.is_dir() else start.parent
    candidate = folder / CONFIG_NAME
    return candidate if candidate.is_file() else None


def load_config(path: Path | None) -> Config:
    """Read and check a config file; a missing path gives the defaults."""
    if path is None:
        return Config()
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        data: Any = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YAMLError) as exc:
        raise InputError(f"cannot read {path}: {exc}", f"无法读取配置文件 {path}：{exc}") from exc
    if data is None:
        return Config(path=path)
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a mapping of settings", f"{path}：配置文件应为键值映射")
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise InputError(
            f"{path}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(_KEYS))}",
            f"{path}：未知配置项 {', '.join(unknown)}；可用：{', '.join(sorted(_KEYS))}",
        )
    base = path.parent
    extras = data.get("codes_extra") or []
    if isinstance(extras, str):
        extras = [extras]
    severity = {
        str(k).upper() if str(k).upper().startswith("CT") else str(k): str(v).lower()
        for k, v in (data.get("severity") or {}).items()
    }
    bad = {k: v for k, v in severity.items() if v not in (*SEVERITIES, "off")}
    if bad:
        raise InputError(
            f"{path}: severity must be error, warning, info or off (got {bad})",
            f"{path}：severity 只能是 error、warning、info 或 off（当前 {bad}）",
        )
    schema = data.get("competency_schema")
    return Config(
        path=path,
        codes_extra=tuple(base / str(p) for p in extras),
        severity=severity,
        lang=data.get("lang"),
        format=data.get("format"),
        competency_schema=base / str(schema) if schema else None,
        strict=bool(data.get("strict", False)),
    )
