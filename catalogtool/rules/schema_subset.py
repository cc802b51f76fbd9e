"""The JSON Schema subset the competency schema uses, checked in plain Python (no jsonschema import).

jsonschema costs a fixed ~35 ms to import and ~0.1 ms per row to run; the bundled competency schema
(and most province extensions) use only ``type``, ``enum``, ``minimum``/``maximum``, ``properties``,
``minProperties`` and a boolean ``additionalProperties``. :func:`compile_subset` accepts exactly such a
schema (anything else: ``None``, and the caller uses jsonschema); :meth:`SubsetSchema.errors` yields
the same verdicts, in the same order, as ``Draft202012Validator.iter_errors`` — ``(path, keyword,
bound)`` for each — for instances made of strings, numbers and objects of them (anything else:
``None``, and the caller asks jsonschema). tests/test_schema_subset.py checks the equivalence.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterator, Mapping
from typing import Any

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
_ANNOTATIONS = frozenset({"$schema", "$id", "title", "description", "$comment", "examples", "default"})
_TYPES = frozenset({"object", "number", "integer", "string"})

#: One verdict: the instance path, the keyword that failed and the keyword's value in the schema.
Verdict = tuple[tuple[str, ...], str, Any]


def _is_number(value: object) -> bool:
    return not isinstance(value, bool) and isinstance(value, numbers.Number)


def _bound(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _supported(schema: object, top: bool = True) -> bool:
    """Whether ``schema`` uses only the subset (with values of the expected shape)."""
    if not isinstance(schema, dict):
        return False
    if not top and "$schema" in schema:
        return False
    for key, value in schema.items():
        if key in _ANNOTATIONS:
            if key == "$schema" and value != DRAFT_2020_12:
                return False
            continue
        if key == "type":
            ok = value in _TYPES
        elif key == "enum":
            ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        elif key in ("minimum", "maximum"):
            ok = _bound(value)
        elif key == "minProperties":
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif key == "additionalProperties":
            ok = isinstance(value, bool)
        elif key == "properties":
            ok = isinstance(value, dict) and all(_supported(v, top=False) for v in value.values())
        else:
            ok = False
        if not ok:
            return False
    return True


def _plain(instance: object) -> bool:
    """Whether ``instance`` holds only what the subset checker handles like jsonschema."""
    if isinstance(instance, str):
        return True
    if isinstance(instance, bool):
        return False
    if isinstance(instance, int | float):
        return True
    if isinstance(instance, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in instance.items())
    return False


#: Instances whose verdicts a SubsetSchema keeps (distinct requirement wordings stop adding here).
_KEPT = 10_000


class SubsetSchema:
    """A schema within the subset, checked without jsonschema."""

    def __init__(self, schema: Mapping[str, Any]) -> None:
        self.schema = dict(schema)
        properties = self.schema.get("properties")
        self._properties = frozenset(properties) if isinstance(properties, dict) else frozenset()
        self._known: dict[frozenset[tuple[str, object]], list[Verdict]] = {}

    def errors(self, instance: object) -> list[Verdict] | None:
        """Every verdict in jsonschema's order, or None when ``instance`` is outside what this handles."""
        if not _plain(instance):
            return None
        if not isinstance(instance, dict):
            return list(_errors(self.schema, instance, ()))
        # The verdicts on an object depend on the values of its declared properties and only on the
        # names of the others (minProperties, additionalProperties): rows that differ only in free text
        # (skills, certificates) share them, and a catalog repeats its requirement wordings.
        key = frozenset(
            (name, _key(value) if name in self._properties else None) for name, value in instance.items()
        )
        verdicts = self._known.get(key)
        if verdicts is None:
            verdicts = list(_errors(self.schema, instance, ()))
            if len(self._known) < _KEPT:
                self._known[key] = verdicts
        return list(verdicts)


def _key(value: object) -> object:
    """``value`` as a dictionary key that tells apart what the subset tells apart (1 from 1.0 and "1")."""
    if isinstance(value, dict):
        return frozenset((name, _key(v)) for name, v in value.items())
    return type(value), value


def _errors(schema: Mapping[str, Any], instance: object, path: tuple[str, ...]) -> Iterator[Verdict]:
    """Draft 2020-12 semantics, keyword by keyword in the schema's order (as jsonschema iterates)."""
    is_object = isinstance(instance, dict)
    for key, value in schema.items():
        if key == "type":
            if value == "object":
                ok = is_object
            elif value == "string":
                ok = isinstance(instance, str)
            elif value == "number":
                ok = _is_number(instance)
            else:  # integer: 2020-12 counts 2.0 as an integer
                ok = _is_number(instance) and (
                    isinstance(instance, int) or (isinstance(instance, float) and instance.is_integer())
                )
            if not ok:
                yield path, key, value
        elif key == "enum":
            if not (isinstance(instance, str) and instance in value):
                yield path, key, value
        elif key == "minimum":
            if _is_number(instance) and instance < value:
                yield path, key, value
        elif key == "maximum":
            if _is_number(instance) and instance > value:
                yield path, key, value
        elif key == "properties" and is_object:
            assert isinstance(instance, dict)
            for name, sub in value.items():
                if name in instance:
                    yield from _errors(sub, instance[name], (*path, name))
        elif key == "minProperties" and is_object:
            assert isinstance(instance, dict)
            if len(instance) < value:
                yield path, key, value
        elif key == "additionalProperties" and is_object and value is False:
            assert isinstance(instance, dict)
            known = schema.get("properties", {})
            if any(name not in known for name in instance):
                yield path, key, value


def compile_subset(schema: Mapping[str, Any]) -> SubsetSchema | None:
    """A plain-Python checker of ``schema``, or None when it uses more than the subset."""
    return SubsetSchema(schema) if _supported(schema) else None
