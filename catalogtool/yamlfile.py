"""Reading the small YAML files people write by hand: workspace metadata and catalogtool.yaml."""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import YAMLError

from catalogtool.errors import InputError
from catalogtool.untrusted import lone_surrogate, surrogate_message


class _Constructor(RoundTripConstructor):
    """Round-trip loading, except that an impossible date (2026-13-01) stays text for the schema
    check to report, instead of failing the whole file."""

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return self.construct_scalar(node)

    def construct_yaml_float(self, node: Any) -> Any:
        """A float, except .nan, .inf and overflowing numbers (1e400), which stay text: no JSON can hold
        them, so the schema check reports them instead of the filing package carrying NaN."""
        value = super().construct_yaml_float(node)
        return value if math.isfinite(value) else self.construct_scalar(node)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)
_Constructor.add_constructor("tag:yaml.org,2002:float", _Constructor.construct_yaml_float)


def load_yaml_mapping(path: Path, max_bytes: int, *, allow_empty: bool = False) -> Any:
    """Parse a YAML file that must hold a mapping; round-trip mode keeps line numbers for findings.

    Anything unusable (too large, not UTF-8, not YAML, not a mapping) is one InputError naming it.
    """
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"{path} is too large for a settings file ({size:,} bytes)",
                f"{path} 过大，不是有效的配置文件（{size:,} 字节）",
            )
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(
            f"{path} is not UTF-8 text: save it as UTF-8", f"{path} 不是 UTF-8 文本：请另存为 UTF-8 编码"
        ) from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}", f"无法读取 {path}：{exc.strerror}") from None
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    try:
        doc = yaml.load(text)
    except (YAMLError, ValueError, RecursionError) as exc:  # ValueError: e.g. an impossible number
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        where_zh = f" 第 {mark.line + 1} 行" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(
            f"{path}{where}: not valid YAML ({problem})", f"{path}{where_zh}：YAML 格式错误（{problem}）"
        ) from None
    if doc is None and allow_empty:  # only comments: every setting at its default
        return {}
    if (bad := lone_surrogate(doc)) is not None:
        en, zh = surrogate_message(bad)
        raise InputError(f"{path}: {en}", f"{path}：{zh}")
    if not isinstance(doc, Mapping):
        raise InputError(
            f"{path} must hold a mapping of keys to values (e.g. `title: …`)",
            f"{path} 应为“键: 值”形式的映射（例如 `title: …`）",
        )
    return doc
