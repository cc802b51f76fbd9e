"""CLI commands: ``rules`` (list the rule registry) and ``explain`` (one rule in full)."""

from __future__ import annotations

from typing import Annotated, Literal

import typer

from catalogtool.commands.helptext import HelpCommand, about, bi, examples
from catalogtool.commands.options import LangOption


def list_rules(
    fmt: Annotated[
        Literal["text", "json", "markdown"],
        typer.Option(
            "--format",
            "-f",
            help=bi(
                "text、json 或 markdown（markdown 即 docs/rules.md 的双语参考，不受 --lang 影响）。",
                "text, json, or markdown (the bilingual reference in docs/rules.md; --lang is ignored).",
            ),
        ),
    ] = "text",
    lang: LangOption = None,
) -> None:
    """List every check (``catalogtool rules``)."""
    from catalogtool.commands.options import workspace_config
    from catalogtool.lang import detect_lang
    from catalogtool.report.rulebook import rules_json, rules_markdown, rules_text
    from catalogtool.rules import all_rules

    rules = all_rules()
    if fmt == "json":
        typer.echo(rules_json(rules), nl=False)
    elif fmt == "markdown":
        typer.echo(rules_markdown(rules), nl=False)
    else:
        typer.echo(rules_text(rules, detect_lang(lang, config=workspace_config().lang)), nl=False)


def complete_rule(incomplete: str) -> list[str]:
    """Shell completion for ``explain``: rule ids and slugs starting with what was typed."""
    from catalogtool.rules import all_rules

    wanted = incomplete.lower()
    return [name for r in all_rules() for name in (r.id, r.slug) if name.lower().startswith(wanted)]


def explain(
    rule_id: Annotated[
        str,
        typer.Argument(
            metavar="ID_OR_SLUG",
            help=bi("规则编号（如 CT201）或别名。", "A rule id (CT201) or slug."),
            autocompletion=complete_rule,
        ),
    ],
    lang: LangOption = None,
) -> None:
    """Explain one rule (``catalogtool explain ID``)."""
    from catalogtool.commands.options import workspace_config
    from catalogtool.errors import UsageError
    from catalogtool.lang import detect_lang
    from catalogtool.report.rulebook import explain_text
    from catalogtool.rules import close_rules, get_rule

    rule = get_rule(rule_id)
    if rule is None:
        close = close_rules(rule_id)
        maybe_en = f"; did you mean {', '.join(close)}?" if close else ""
        maybe_zh = f"；您是否要找：{'、'.join(close)}？" if close else ""
        raise UsageError(
            f"unknown rule {rule_id!r}{maybe_en} (`catalogtool rules` lists them all)",
            f"没有规则「{rule_id}」{maybe_zh}（`catalogtool rules` 列出全部规则）",
        )
    typer.echo(explain_text(rule, detect_lang(lang, config=workspace_config().lang)), nl=False)


def register(app: typer.Typer) -> None:
    """Add ``rules`` and ``explain`` to the app."""
    app.command(
        "rules",
        cls=HelpCommand,
        help=about(
            bi(
                "列出全部校验规则：编号、别名、严重程度、类别、标题，以及能否自动修复。",
                "List every check: id, slug, severity, family, title, and whether fix can repair it.",
            )
        ),
        epilog=examples(
            "catalogtool rules", "catalogtool rules --lang zh", "catalogtool rules --format json"
        ),
    )(list_rules)
    app.command(
        "explain",
        cls=HelpCommand,
        help=about(
            bi(
                "解释一条规则：为什么要检查、如何修改，并举例说明。",
                "Explain one rule: why it exists, how to fix it, an example.",
            )
        ),
        epilog=examples("catalogtool explain CT201", "catalogtool explain unknown-code --lang zh"),
    )(explain)
