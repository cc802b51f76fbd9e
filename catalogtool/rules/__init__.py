"""The rule set: every family's rules in one registry (see rules/registry.py for the id scheme), and
the checks that report them, one tuple per scope (see rules/checks.py). A new check goes in its family
module next to its rules, and into the tuple here; nothing else wires it."""

from __future__ import annotations

import difflib
import functools
from typing import TYPE_CHECKING

from catalogtool.rules.registry import Rule

if TYPE_CHECKING:
    from catalogtool.rules.catalog import CatalogScope
    from catalogtool.rules.checks import CatalogCheck, CrossRowCheck, RowCheck


@functools.cache
def row_checks() -> tuple[RowCheck, ...]:
    """The per-row checks, in the order they run."""
    from catalogtool.rules import code, competency

    return (
        competency.REQUIRED_CHECK,
        code.SUBCATEGORY_CHECK,
        code.OCCUPATIONS_CHECK,
        competency.REQUIREMENTS_CHECK,
    )


@functools.cache
def cross_row_checks() -> tuple[CrossRowCheck, ...]:
    """The checks fed every row in order."""
    from catalogtool.rules import competency, crossrow

    return (crossrow.SEQUENCE_CHECK, crossrow.ENTRIES_CHECK, competency.RELAXABLE_AGE_CHECK)


@functools.cache
def catalog_checks() -> tuple[CatalogCheck[CatalogScope], ...]:
    """The checks over a whole workspace (validate --province, package)."""
    from catalogtool.rules import catalog

    return (
        catalog.PROVINCE_CHECK,
        catalog.CONSULTATION_CHECK,
        catalog.STANDARDS_CHECK,
        catalog.CATALOG_ROWS_CHECK,
        catalog.INDUSTRIES_CHECK,
    )


@functools.cache
def reading_rules() -> tuple[Rule, ...]:
    """Rules reported while inputs are read (readers, code normalisation, workspace files), not by checks:
    reading must happen whatever their severity, so setting them off only drops their findings."""
    from catalogtool.rules import catalog, code, file

    return (*file.RULES, *code.READING_RULES, *catalog.READING_RULES)


@functools.cache
def all_rules() -> tuple[Rule, ...]:
    """Every rule, sorted by id: the rules the checks declare and the rules reported while reading, so a rule
    exists by being reported and is listed nowhere else. Family modules are imported here, once."""
    checks: tuple[RowCheck | CrossRowCheck | CatalogCheck[CatalogScope], ...] = (
        *row_checks(),
        *cross_row_checks(),
        *catalog_checks(),
    )
    # One entry per rule (a rule shared by two checks is one rule); two rules with one id or slug stay two.
    rules = list({id(r): r for r in (*(r for c in checks for r in c.rules), *reading_rules())}.values())
    ids = [r.id for r in rules]
    slugs = [r.slug for r in rules]
    duplicates = {x for x in ids + slugs if (ids + slugs).count(x) > 1}
    if duplicates:
        raise RuntimeError(f"rule ids/slugs defined twice: {sorted(duplicates)}")
    return tuple(sorted(rules, key=lambda r: r.id))


def get_rule(key: str) -> Rule | None:
    """A rule by id (CT201) or slug (unknown-subcategory), case-insensitive."""
    wanted = key.strip().lower()
    for rule in all_rules():
        if wanted in (rule.id.lower(), rule.slug):
            return rule
    return None


def close_rules(key: str) -> list[str]:
    """Ids and slugs that look like ``key`` (for 'did you mean'), closest first.

    Ties in similarity go to the name that differs in fewer positions, so CT2O1 suggests CT201 first.
    """
    wanted = key.strip()
    names = [n for r in all_rules() for n in (r.id, r.slug)]

    def distance(name: str) -> tuple[float, int]:
        ratio = difflib.SequenceMatcher(None, wanted.upper(), name.upper()).ratio()
        same_length = len(name) == len(wanted)
        mismatches = sum(a != b for a, b in zip(wanted.upper(), name.upper(), strict=False))
        return (-ratio, mismatches if same_length else len(name))

    close = [n for n in names if difflib.SequenceMatcher(None, wanted.upper(), n.upper()).ratio() >= 0.5]
    return sorted(close, key=distance)[:5]
