"""The documentation keeps up with the code: docs/rules.md, help texts, and the README's commands."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from typer._click import Command
from typer.core import TyperGroup

from catalogtool.cli import app
from catalogtool.report.rulebook import RULES_MARKDOWN_COMMAND, rules_markdown
from catalogtool.rules import all_rules
from catalogtool.rules.registry import FAMILIES, Rule
from tests.conftest import REPO, RunCli

RULES_MD = REPO / "docs" / "rules.md"


def _commands(command: Command, path: tuple[str, ...]) -> Iterator[tuple[str, Command]]:
    yield " ".join(path), command
    if isinstance(command, TyperGroup):
        for name, sub in sorted(command.commands.items()):
            yield from _commands(sub, (*path, name))


ROOT = typer.main.get_command(app)
COMMANDS = dict(_commands(ROOT, ("catalogtool",)))
TOP_LEVEL = sorted(ROOT.commands) if isinstance(ROOT, TyperGroup) else []


# --- docs/rules.md ---------------------------------------------------------------------------------


def test_rules_md_is_the_generated_reference(run_cli: RunCli) -> None:
    result = run_cli("rules", "--format", "markdown")
    assert result.returncode == 0, result.stderr
    committed = RULES_MD.read_text(encoding="utf-8") if RULES_MD.is_file() else ""
    assert committed == result.stdout, (
        f"docs/rules.md is out of date; regenerate it: {RULES_MARKDOWN_COMMAND}"
    )


def test_rules_md_says_at_its_top_how_to_regenerate_it() -> None:
    head = RULES_MD.read_text(encoding="utf-8").splitlines()[:5]
    assert any(f"`{RULES_MARKDOWN_COMMAND}`" in line for line in head)


def test_rules_md_documents_every_rule_under_its_family() -> None:
    text = rules_markdown(all_rules())
    family_at = {digit: text.index(f"\n## CT{digit}xx {zh} · {en}\n") for digit, (en, zh) in FAMILIES.items()}
    ordered = sorted(family_at.values())
    for rule in all_rules():
        at = text.index(f"\n### {rule.id} {rule.slug}\n")
        family_start = family_at[rule.id[2]]
        next_family = min((p for p in ordered if p > family_start), default=len(text))
        assert family_start < at < next_family, rule.id
        # The index table links to the heading with the anchor GitHub gives it.
        assert f"[{rule.id}](#{rule.id.lower()}-{rule.slug})" in text


def _inline_texts(markdown: str) -> list[str]:
    """The text a reader sees in each paragraph, list item and table cell, code spans included."""
    md = MarkdownIt("commonmark").enable("table")
    texts = []
    for token in md.parse(markdown):
        if token.type == "inline":
            parts = [
                " " if child.type == "softbreak" else child.content
                for child in token.children or []
                if child.type in ("text", "code_inline", "softbreak")
            ]
            texts.append("".join(parts))
    return texts


def _html_tags(markdown: str) -> set[str]:
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    return set(re.findall(r"<(\w+)", html))


def test_rules_md_renders_every_text_literally() -> None:
    texts = _inline_texts(RULES_MD.read_text(encoding="utf-8"))
    seen = "\n".join(texts)
    for rule in all_rules():
        for text in (rule.title_zh, rule.title_en, rule.explanation_zh, rule.explanation_en):
            # Backquoted names are meant as code spans; a reader sees them without the quotes.
            assert text.replace("`", "") in seen, (rule.id, text)


# Prose with every character Markdown might act on; backquotes excluded, as the registry uses them on
# purpose for code spans.
_PROSE_CHARS = st.sampled_from([*"ab中文_*<>[]()|&~#!\\-+.:=\"'", "x y", "&amp;", "<b>", "a_b"])
_PROSE = st.lists(_PROSE_CHARS, min_size=1, max_size=30).map("".join).map(str.strip).filter(bool)


def _fold(text: str) -> str:
    """Runs of spaces as one, as Markdown shows them."""
    return " ".join(text.split())


@given(title=_PROSE, explanation=_PROSE, hint=_PROSE)
def test_markdown_shows_any_prose_exactly_as_written(title: str, explanation: str, hint: str) -> None:
    rule = Rule(
        id="CT399",
        slug="made-up",
        severity="warning",
        title_en=title,
        title_zh=title,
        message_en=hint,
        message_zh=hint,
        explanation_en=explanation,
        explanation_zh=explanation,
        hint_en=hint,
        hint_zh=hint,
        example_en=hint,
        example_zh=hint,
    )
    markdown = rules_markdown([rule])
    seen = [_fold(t) for t in _inline_texts(markdown)]
    assert f"Why: {_fold(explanation)}" in seen
    assert f"说明：{_fold(explanation)}" in seen
    assert f"Fix: {_fold(hint)}" in seen
    assert f"{_fold(title)} · {_fold(title)} — 警告 warning" in seen
    assert _html_tags(markdown) <= {
        "h1",
        "h2",
        "h3",
        "p",
        "blockquote",
        "code",
        "pre",
        "ul",
        "li",
        "strong",
    } | {
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "a",
    }


# --- help texts and the README -------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(COMMANDS))
def test_every_command_has_help(path: str) -> None:
    command = COMMANDS[path]
    assert (command.help or "").strip(), f"`{path}` has no help text"


@pytest.mark.parametrize("path", sorted(COMMANDS))
def test_every_option_and_argument_has_help(path: str) -> None:
    missing = [
        param.name
        for param in COMMANDS[path].params
        if not getattr(param, "hidden", False) and not (getattr(param, "help", None) or "").strip()
    ]
    assert not missing, f"`{path}`: no help for {missing}"


def test_the_command_tree_is_walked() -> None:
    # Guards the walk itself: a broken walk would make the tests above pass vacuously.
    assert {"catalogtool validate", "catalogtool rules", "catalogtool codes show"} <= set(COMMANDS)
    assert len(TOP_LEVEL) >= 8


@pytest.mark.parametrize("name", TOP_LEVEL)
def test_every_top_level_command_is_in_the_readme(name: str) -> None:
    readme = Path(REPO / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"catalogtool {re.escape(name)}\b", readme), (
        f"README.md never mentions `catalogtool {name}`"
    )
