"""The plain-Python competency checker gives jsonschema's verdicts, value for value (Hypothesis)."""

from __future__ import annotations

import json
import math
from typing import Any

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from catalogtool.data import schema_path
from catalogtool.rules.competency import CompetencyChecker, default_checker
from catalogtool.rules.schema_subset import compile_subset

BUNDLED: dict[str, Any] = json.loads(schema_path("competency.schema.json").read_text(encoding="utf-8"))

# A province extension within the subset: closed object, a string type, tighter bounds, an enum.
EXTENDED: dict[str, Any] = {
    **BUNDLED,
    "properties": {
        **BUNDLED["properties"],
        "age_max": {"type": "integer", "minimum": 20, "maximum": 60},
        "skills": {"type": "string"},
        "industry": {"enum": ["集成电路", "人工智能"]},
    },
    "minProperties": 2,
    "additionalProperties": False,
}
# Beyond the subset: jsonschema decides (and its messages are kept).
BEYOND: dict[str, Any] = {**BUNDLED, "required": ["salary", "age_max"]}

numbers = st.one_of(
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, 1, 17, 18, 60.0, 75, 75.5, 100, 10_000, 9_999.5, 100_000_000, 1e9]),
)
scalars = st.one_of(
    numbers,
    st.sampled_from(["doctorate", "master", "bachelor", "none", "硕士", "", "4倍"]),
    st.text(max_size=5),
    st.booleans(),
    st.none(),
)
salaries = st.one_of(
    scalars,
    st.dictionaries(st.sampled_from(["multiple", "annual_yuan", "currency"]), scalars, max_size=3),
)
keys = st.sampled_from(["education", "experience_years", "age_max", "skills", "industry", "notes"])
instances = st.builds(
    lambda rest, salary: {**rest, **({"salary": salary} if salary is not None else {})},
    st.dictionaries(keys, scalars, max_size=5),
    st.one_of(st.none(), salaries),
)


def _reference(schema: dict[str, Any], instance: dict[str, Any]) -> tuple[tuple[str, str, str], ...]:
    """The verdicts as jsonschema alone gives them (the checker with its subset switched off)."""
    checker = CompetencyChecker(schema)
    checker._subset = None
    return checker.violations(instance)


# One checker per schema for the whole run, as validate keeps one: the property verdicts it keeps
# (SubsetSchema._known) are reused across instances, and must still answer as jsonschema does.
SHARED = [CompetencyChecker(schema) for schema in (BUNDLED, EXTENDED, BEYOND)]


@settings(max_examples=400, deadline=None)
@given(instances)
def test_same_verdicts_as_jsonschema(instance: dict[str, Any]) -> None:
    for schema, shared in zip((BUNDLED, EXTENDED, BEYOND), SHARED, strict=True):
        expected = _reference(schema, instance)
        assert CompetencyChecker(schema).violations(instance) == expected
        assert shared.violations(instance) == expected


def test_which_schemas_are_in_the_subset() -> None:
    assert compile_subset(BUNDLED) is not None
    assert compile_subset(EXTENDED) is not None
    assert compile_subset(BEYOND) is None
    assert compile_subset({**BUNDLED, "$schema": "http://json-schema.org/draft-04/schema#"}) is None
    assert compile_subset({"properties": {"age_max": {"exclusiveMinimum": 18}}}) is None
    assert compile_subset({"properties": {"age_max": False}}) is None


def test_bundled_schema_is_valid_and_checked_without_jsonschema() -> None:
    jsonschema.Draft202012Validator.check_schema(BUNDLED)  # default_checker trusts it
    checker = default_checker()
    assert checker is default_checker()  # built once per process, shared by every file and province
    verdicts = checker.violations(
        {"education": "硕士", "experience_years": -1, "salary": {"multiple": 0.5}, "age_max": 60.0}
    )
    assert verdicts == (
        ("education", "cannot be read", "无法识别"),
        ("experience_years", "below the lower limit 0", "低于下限 0"),
        ("salary", "below the lower limit 1", "低于下限 1"),
    )
    assert checker._jsonschema is None  # jsonschema was never needed
    assert checker.violations({"age_max": math.inf}) == (("age_max", "cannot be read", "无法识别"),)
