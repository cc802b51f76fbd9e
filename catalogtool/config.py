"""``catalogtool.yaml``: a workspace's defaults (code-list extras, rule severities, language, format),
and :func:`options_from`, the one place they meet the command line to make a run's options.

Every command that reads a catalog (validate, convert, diff, package, compare …) builds its
:class:`ValidateOptions` with :func:`options_from`, so the settings apply to all of them alike.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from catalogtool.errors import InputError, UsageError
from catalogtool.model import SEVERITIES

CONFIG_NAME = "catalogtool.yaml"
_MAX_BYTES = 100_000  # settings, not data
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


@dataclass(frozen=True)
class ValidateOptions:
    """How to read and check a catalog: which sheet, how strict, how many findings at most, which code
    list (amendment files), which severities (``off`` silences a rule), which competency schema."""

    sheet: str | None = None
    strict: bool = False
    max_findings: int | None = None
    codes_extra: tuple[Path, ...] = ()
    severity_overrides: Mapping[str, str] = field(default_factory=dict)
    competency_schema: Path | None = None


def options_from(
    config: Config,
    *,
    sheet: str | None = None,
    strict: bool = False,
    max_findings: int | None = None,
    codes_extra: Sequence[Path] = (),
) -> ValidateOptions:
    """A run's options: catalogtool.yaml's settings with the command line's on top.

    ``strict`` from either side makes the run strict; ``codes_extra`` files add to the config's.
    """
    return ValidateOptions(
        sheet=sheet,
        strict=strict or config.strict,
        max_findings=max_findings,
        codes_extra=(*config.codes_extra, *codes_extra),
        severity_overrides=config.severity,
        competency_schema=config.competency_schema,
    )


def config_for(explicit: Path | None = None, start: Path | None = None) -> Config:
    """The settings in effect: ``--config FILE`` when given (UsageError if missing), else the nearest
    catalogtool.yaml at or above ``start`` (a workspace folder or a file's folder), else the nearest at
    or above the current folder, else the defaults."""
    if explicit is not None:
        if not explicit.is_file():
            raise UsageError(f"--config: no such file {explicit}", f"--config：文件不存在 {explicit}")
        return load_config(explicit)
    found = find_config(start) if start is not None and start.exists() else None
    return load_config(found or find_config(Path.cwd()))


def _severities(path: Path, given: object) -> dict[str, str]:
    """The ``severity:`` overrides, each naming a real rule (id or slug) and a known level."""
    from catalogtool.rules import close_rules, get_rule

    if not isinstance(given, dict):
        raise InputError(
            f"{path}: severity must map rule ids to error, warning, info or off",
            f"{path}：severity 应为“规则编号: 级别”的映射",
        )
    out: dict[str, str] = {}
    for key, value in given.items():
        rule = get_rule(str(key))
        if rule is None:
            near = ", ".join(close_rules(str(key))) or "catalogtool rules"
            raise InputError(
                f"{path}: severity: no rule {key!r} (did you mean {near}?)",
                f"{path}：severity 中没有规则 {key!r}（是否要找：{near}？）",
            )
        level = str(value).lower()
        if level not in (*SEVERITIES, "off"):
            raise InputError(
                f"{path}: severity of {key} must be error, warning, info or off, not {value!r}",
                f"{path}：{key} 的级别只能是 error、warning、info 或 off，而不是 {value!r}",
            )
        out[rule.id] = level
    return out


def find_config(start: Path) -> Path | None:
    """The nearest ``catalogtool.yaml``: in ``start`` (a folder, or a file's folder) or the closest
    folder above it, as git finds its repository; None when there is none up to the root."""
    folder = (start if start.is_dir() else start.parent).absolute()
    for candidate in (folder / CONFIG_NAME, *(parent / CONFIG_NAME for parent in folder.parents)):
        if candidate.is_file():
            return candidate
    return None


def load_config(path: Path | None) -> Config:
    """Read and check a config file; a missing path gives the defaults."""
    if path is None:
        return Config()
    from catalogtool.yamlfile import load_yaml_mapping

    data: Any = load_yaml_mapping(path, _MAX_BYTES, allow_empty=True)
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
    if not (isinstance(extras, list) and all(isinstance(p, str) for p in extras)):
        raise _wrong_type(path, "codes_extra", "a file name or a list of file names", "文件名或文件名列表")
    for key in ("lang", "format", "competency_schema"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise _wrong_type(path, key, "text", "文本")
    strict = data.get("strict", False)
    if not isinstance(strict, bool):
        raise _wrong_type(path, "strict", "true or false", "true 或 false")
    schema = data.get("competency_schema")
    return Config(
        path=path,
        codes_extra=tuple(base / p for p in extras),
        severity=_severities(path, data.get("severity") or {}),
        lang=data.get("lang"),
        format=data.get("format"),
        competency_schema=base / schema if schema else None,
        strict=strict,
    )


def _wrong_type(path: Path, key: str, expected_en: str, expected_zh: str) -> InputError:
    return InputError(f"{path}: {key} must be {expected_en}", f"{path}：{key} 应为{expected_zh}")
