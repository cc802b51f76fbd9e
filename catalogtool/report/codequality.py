"""``--format codequality``: GitLab Code Quality (a subset of the Code Climate issue format).

GitLab needs ``description``, ``check_name``, ``fingerprint`` (unique per issue and stable across
runs, which is how merge requests tell new problems from old), ``severity`` and
``location.path`` / ``location.lines.begin``.
"""

from __future__ import annotations

import functools
import hashlib
import json
from typing import Any

from catalogtool.model import Finding, Report
from catalogtool.report.common import artifact_path, fingerprints, sorted_findings


def severity(finding: Finding, strict: bool) -> str:
    """GitLab's scale: an error blocks filing; a warning is major when --strict makes it fail the run."""
    if finding.severity == "error":
        return "blocker"
    if finding.severity == "warning":
        return "major" if strict else "minor"
    return "info"


def issues(report: Report, lang: str) -> list[dict[str, Any]]:
    """The Code Quality issue list."""
    findings = sorted_findings(report.findings)
    out: list[dict[str, Any]] = []
    path_of = functools.cache(artifact_path)
    for f, fp in zip(findings, fingerprints(findings), strict=True):
        loc = f.location
        issue: dict[str, Any] = {
            "type": "issue",
            "check_name": f"{f.rule} {f.slug}",
            "description": f"{loc.describe(lang)}: {f.message(lang)}",
            "categories": ["Bug Risk"],
            "fingerprint": hashlib.sha256(fp.encode("ascii")).hexdigest(),
            "severity": severity(f, report.strict),
            "location": {"path": path_of(loc.file), "lines": {"begin": loc.row if loc.row else 1}},
        }
        hint = f.hint(lang)
        if hint:
            issue["content"] = {"body": hint}
        out.append(issue)
    return out


class CodeQualityReporter:
    """GitLab Code Quality JSON."""

    name = "codequality"

    def render(self, report: Report, lang: str) -> str:
        # Compact: a machine format, and the C encoder is several times faster than indent=.
        return json.dumps(issues(report, lang), ensure_ascii=False) + "\n"
