"""``--help``: both languages, real examples, nothing cut off at 80 columns, flags as flags, and the
commands in the order of the work (issue #10, point 9)."""

from __future__ import annotations

import re
import shlex
import unicodedata
from collections.abc import Iterator

import pytest
import typer
from typer._click import Command, Context
from typer.core import TyperArgument, TyperGroup
from typer.testing import CliRunner

from catalogtool.cli import app
from tests.conftest import RunCli

ROOT = typer.main.get_command(app)


def _walk(command: Command, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Command]]:
    yield path, command
    if isinstance(command, TyperGroup):
        for name, sub in command.commands.items():
            yield from _walk(sub, (*path, name))


COMMANDS = dict(_walk(ROOT, ()))
CJK = re.compile(r"[\u3400-\u9fff]")
ENGLISH_WORDS = re.compile(r"\b[A-Za-z]{2,}\b")


def _cells(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def _help(path: tuple[str, ...], width: int = 80) -> str:
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": str(width)}, terminal_width=width)
    assert result.exit_code == 0, result.output
    return result.stdout


def _flat(text: str) -> str:
    """Text without its white space, so that a wrapped line compares with the one-line original."""
    return re.sub(r"\s+", "", text)


def _bilingual(text: str | None, what: str) -> tuple[str, str]:
    lines = [line.strip() for line in (text or "").strip().split("\n\n")[0].splitlines()]
    assert len(lines) == 2, f"{what}: wants a Chinese line and an English line, has {lines}"
    zh, en = lines
    assert CJK.search(zh), f"{what}: the first line is not Chinese: {zh!r}"
    assert len(ENGLISH_WORDS.findall(CJK.sub(" ", en))) >= 3, (
        f"{what}: the second line is not English: {en!r}"
    )
    return zh, en


def test_top_level_commands_are_listed_in_the_order_of_the_work() -> None:
    text = _help(())
    listed = re.findall(r"^  ([a-z]+)  ", text.split("命令 Commands:")[1], flags=re.M)
    assert listed == [
        "new", "validate", "fix", "consult", "package", "compare", "publish", "match", "points",
        "convert", "diff", "codes", "rules", "explain",
    ]  # fmt: skip


def test_group_subcommands_keep_their_declared_order() -> None:
    assert re.findall(r"^  ([a-z]+)  ", _help(("codes",)).split("Commands:")[1], flags=re.M) == [
        "show", "list", "search", "suggest",
    ]  # fmt: skip
    assert re.findall(r"^  ([a-z]+)  ", _help(("consult",)).split("Commands:")[1], flags=re.M) == [
        "forms", "collect",
    ]  # fmt: skip


def test_every_command_is_walked() -> None:
    assert {("validate",), ("codes", "show"), ("consult", "collect"), ("match",)} <= set(COMMANDS)
    assert len(COMMANDS) >= 20


@pytest.mark.parametrize("path", list(COMMANDS), ids=lambda p: " ".join(p) or "catalogtool")
def test_help_is_bilingual_and_whole_at_80_columns(path: tuple[str, ...]) -> None:
    command = COMMANDS[path]
    text = _help(path)
    flat = _flat(text)
    lines = text.splitlines()
    assert lines[0].startswith("用法 Usage: catalogtool")
    for line in lines:
        assert _cells(line) <= 80, f"wider than 80 columns: {line!r}"
        assert not line.rstrip().endswith("…"), f"cut short: {line!r}"
    # The summary: a Chinese line and an English line, both shown in full.
    for summary in _bilingual(command.help, "summary"):
        assert _flat(summary) in flat
    # Each option and argument: Chinese and English help, shown in full, with its default in full.
    for param in command.params:
        if param.name in ("help", "install_completion", "show_completion"):
            continue
        for line in _bilingual(getattr(param, "help", None), f"{param.name}"):
            assert _flat(line) in flat, f"{param.name}: {line!r} not shown in full"
        default = param.default
        if not isinstance(param, TyperArgument) and not param.is_flag and default not in (None, (), []):
            assert _flat(f"default: {default}") in flat, f"{param.name}: default {default!r} not shown"
    # Flags are flags: no type, and no negative form unless one is declared.
    assert "<bool>" not in text and "BOOLEAN" not in text
    for param in command.params:
        if getattr(param, "is_flag", False) and not param.secondary_opts:
            name = param.opts[-1]
            assert re.search(rf"^  (-\w, )?{re.escape(name)}$", text, flags=re.M), (
                f"{name} is not a bare flag"
            )
            assert f"--no-{name[2:]}" not in text


@pytest.mark.parametrize("path", [p for p in COMMANDS if p], ids=" ".join)
def test_examples_are_real_commands_that_parse(path: tuple[str, ...]) -> None:
    """The epilog's examples start with the command, fit on one 80-column line, and parse: every option
    they use exists and takes the value given (parsed only, nothing runs)."""
    command = COMMANDS[path]
    examples = [line.strip() for line in (command.epilog or "").strip().splitlines()]
    assert examples, f"catalogtool {' '.join(path)} has no examples"
    text = _help(path)
    for example in examples:
        assert example.startswith(f"catalogtool {' '.join(path)}")
        assert f"  {example}\n" in text, f"example not on one line: {example!r}"
        words = shlex.split(example)[1:]
        parent = Context(ROOT, info_name="catalogtool")
        sub = ROOT
        for name in words[: len(path)]:
            assert isinstance(sub, TyperGroup)
            sub = sub.commands[name]
        with sub.make_context(" ".join(path), words[len(path) :], parent=parent, resilient_parsing=False):
            pass


def test_help_fits_a_narrow_terminal_too() -> None:
    for path in (("validate",), ("package",), ()):
        assert max(_cells(line) for line in _help(path, 60).splitlines()) <= 60


def test_boolean_options_with_a_meaningful_negative_show_both_and_the_default() -> None:
    text = _help(("validate",))
    assert "--progress / --no-progress （默认 default: --progress）" in text
    assert "--rebuild / --no-rebuild （默认 default: --rebuild）" in _help(("package",))


def test_validate_help_shows_the_sarif_example() -> None:
    text = _help(("validate",))
    assert "示例 Examples:\n" in text
    assert "  catalogtool validate draft.xlsx --format sarif --output out.sarif\n" in text


def test_usage_errors_follow_the_language(run_cli: RunCli) -> None:
    zh = run_cli("fix", env={"CATALOGTOOL_LANG": "zh"})
    assert (zh.returncode, zh.stderr) == (
        2,
        "catalogtool: 用法错误：缺少参数 'DRAFT'（用法见 catalogtool fix --help）\n",
    )
    bad = run_cli("codes", "search", "x", "--limit", "0", "--lang", "zh")
    assert bad.stderr == (
        "catalogtool: 用法错误：'--limit' / '-n' 的值 0 不在范围 x>=1 内（用法见 catalogtool codes search --help）\n"
    )
    typo = run_cli("valdate", env={"CATALOGTOOL_LANG": "zh"})
    assert (
        typo.stderr
        == "catalogtool: 用法错误：没有命令 'valdate'（您是否要找：'validate'）（用法见 catalogtool --help）\n"
    )
    en = run_cli("fix")
    assert en.stderr == "catalogtool: Missing argument 'DRAFT'. (see catalogtool fix --help)\n"
    no_value = run_cli("validate", "--format", env={"CATALOGTOOL_LANG": "zh"})
    assert no_value.stderr == (
        "catalogtool: 用法错误：选项 '--format' 需要一个值（用法见 catalogtool validate --help）\n"
    )


def test_help_starts_without_rich(run_cli_process: RunCli) -> None:
    """The help is laid out by catalogtool itself, so --help needs neither rich nor a heavy module."""
    import subprocess
    import sys

    code = (
        "import sys\nsys.argv = ['catalogtool', 'validate', '--help']\nfrom catalogtool.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('rich' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "False"
