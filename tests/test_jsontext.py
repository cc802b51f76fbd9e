"""report/jsontext.indented is json.dumps(obj, ensure_ascii=False, indent=2), character for character."""

from __future__ import annotations

import json
import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from catalogtool.report.jsontext import indented

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()  # any code point, control characters and lone surrogates included
)
_KEYS = st.text() | st.integers() | st.floats(allow_nan=False) | st.booleans() | st.none()
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=400)
@given(_VALUES)
def test_the_same_text_as_json_dumps(value: Any) -> None:
    assert indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


@given(st.dictionaries(_KEYS, _SCALARS, max_size=4))
def test_keys_json_turns_into_text_are_left_to_it(value: dict[Any, Any]) -> None:
    assert indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_the_cases_by_hand() -> None:
    report = {"文件": "目录.xlsx", "rows": 3, "ok": False, "none": None, "x": [], "y": {}, "z": [1.5, [2]]}
    assert indented(report) == json.dumps(report, ensure_ascii=False, indent=2)
    assert (
        indented([math.nan, math.inf, -math.inf, 1e300, -0.0])
        == "[\n  NaN,\n  Infinity,\n  -Infinity,\n  1e+300,\n  -0.0\n]"
    )
    assert indented('a\u2028\x00\ud800"\\') == json.dumps('a\u2028\x00\ud800"\\', ensure_ascii=False)


def test_what_json_cannot_encode_fails_as_json_does() -> None:
    import pytest

    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular reference"):
        indented(loop)
    with pytest.raises(TypeError, match="not JSON serializable"):
        indented({"when": object()})
