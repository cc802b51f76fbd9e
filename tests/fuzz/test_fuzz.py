"""The fuzzing campaign, short form (part of `make test`): every generator, a few derandomised cases.

`make fuzz` runs the same generators for minutes with random seeds (tests/fuzz/run.py).
``FUZZ_EXAMPLES`` sets the cases per generator here (default 6).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings

from tests.fuzz.generators import ALL, Case
from tests.fuzz.harness import MODES, exercise

SHORT = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "6")),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize("kind", sorted(ALL))
def test_every_generated_input_keeps_the_contract(kind: str, mode: str) -> None:
    @SHORT
    @given(ALL[kind])
    def check(case: Case) -> None:
        exercise(case, mode)

    check()
