"""The command line: a Typer app whose commands only parse options and call the library.

Heavy modules (openpyxl, python-calamine, jsonschema, ruamel.yaml) are imported inside the command
functions, so ``catalogtool --help`` and ``--version`` start instantly. Each command family lives in
``catalogtool/commands/``; this module assembles them and turns errors into exit codes:
0 valid, 1 findings, 2 unusable input or usage.
"""

from __future__ import annotations

import copy
import os
import sys
from typing import Annotated

import typer

from catalogtool import __version__
from catalogtool.commands import (
    codes,
    compare,
    consult,
    drafting,
    fix,
    match,
    package,
    publish,
    rules,
    validate,
)
from catalogtool.commands.exits import error_lang, finish, say
from catalogtool.commands.helptext import HelpGroup, about, bi, examples

app = typer.Typer(
    name="catalogtool",
    cls=HelpGroup,
    help=about(
        bi(
            "起草、校验、报备并发布省级《外国人来华工作指导目录》。",
            "Draft, validate, file and publish a provincial Guidance Catalog for Foreigners Working in China.",
        ),
        bi(
            "命令按工作顺序列出：new 新建 → validate 校验 → fix 修复 → consult 征求意见 → package 报备 → "
            "compare 比较 → publish 发布 → match / points 对照候选人；其后是辅助命令。"
            "每个命令的用法：catalogtool 命令 --help。",
            "Commands are listed in the order of the work: new → validate → fix → consult → package → "
            "compare → publish → match / points, then the helpers. Each command's usage: "
            "catalogtool COMMAND --help.",
        ),
    ),
    epilog=examples(
        "catalogtool new --province JS",
        "catalogtool validate provinces/JS/catalog.xlsx",
        "catalogtool validate draft.xlsx --format sarif --output out.sarif",
        "catalogtool package --province JS",
        "catalogtool explain CT201 --lang zh",
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Help is laid out by catalogtool.commands.helptext (both languages, 80 columns), not by rich.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"catalogtool {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help=bi("显示版本号并退出。", "Show the version and exit."),
        ),
    ] = False,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug",
            help=bi(
                "内部错误时显示完整的调用栈（用于报告问题）。",
                "Show a traceback for internal errors (for bug reports).",
            ),
        ),
    ] = False,
) -> None:
    """catalogtool: 外国人来华工作指导目录 起草 · 校验 · 备案."""
    # --debug is read by main() from the command line, before Typer parses it.


codes.register(app)
validate.register(app)
fix.register(app)
rules.register(app)
drafting.register(app)
package.register(app)
compare.register(app)
match.register(app)
publish.register(app)
consult.register(app)


def main() -> None:
    """Run the app, print user errors as one line, map them to exit 2 (called in process by tests, and
    by catalogtool.__main__.run, the process entry point); see catalogtool.commands.exits."""
    args = sys.argv[1:]
    finish(args, lambda: _run(args))


def _run(args: list[str]) -> int:
    """The app run on ``args``; Click's usage errors and aborts as one line, the exit code returned."""
    try:
        # Not standalone, so that a usage error (a missing argument, an unknown option or value)
        # reaches us and is one line like every other error, rather than Typer's framed block.
        code = _app_for(args)(standalone_mode=False)
    except _click_error() as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # `catalogtool` alone: the help, as before
            app()
        return _usage_line(exc, error_lang(args), args)
    except typer.Abort:  # end of input at a prompt
        say("catalogtool: aborted")
        return 1
    # Not standalone, Typer returns the command's return value (None) or the code of a typer.Exit.
    return code if isinstance(code, int) else 0


def _app_for(args: list[str]) -> typer.Typer:
    """The app with only the command the arguments name, when they plainly name one: Typer builds
    every registered command's Click command (reading its signature and options) on each run, and
    one command is all that a run of one command parses or shows. Anything else (no command, a root
    option other than --debug, an unknown name, shell completion) gets the whole app, so root help,
    "No such command" with its suggestions, and completion stay as they are."""
    if any(key.startswith("_") and key.endswith("_COMPLETE") for key in os.environ):
        return app
    name = next((arg for arg in args if arg != "--debug"), None)
    if name is None or name.startswith("-"):
        return app
    commands = [c for c in app.registered_commands if _command_name(c) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if not commands and not groups:
        return app
    lean = copy.copy(app)
    lean.registered_commands, lean.registered_groups = commands, groups
    return lean


def _command_name(info: typer.models.CommandInfo) -> str | None:
    """The name a registered command answers to (its own, or Typer's from the function's name)."""
    if info.name is not None:
        return info.name
    return None if info.callback is None else typer.main.get_command_name(info.callback.__name__)


def _click_error() -> type[Exception]:
    """Click's ClickException (UsageError and the rest), whether Typer vendors Click or depends on it."""
    return next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


def _usage_line(exc: Exception, lang: str, args: list[str] | None = None) -> int:
    """Print a usage error as one line naming the command's help; exit code 2 (usage or unusable input)."""
    from catalogtool.report.common import visible

    ctx = getattr(exc, "ctx", None)
    command = ctx.command_path if ctx is not None else _command_path(args or [])
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    if lang == "zh":
        line = f"用法错误：{usage_zh(message)}（用法见 {command} --help）"
    else:
        line = f"{message} (see {command} --help)"
    say(f"catalogtool: {visible(line)}")
    return 2


def _command_path(args: list[str]) -> str:
    """``catalogtool validate`` for ``validate x.xlsx --format``: the command the arguments name, for an
    error Click raises without its context (an option missing its value is found by the parser, before
    the command's context exists)."""
    command = typer.main.get_command(_app_for(args))
    path = ["catalogtool"]
    for arg in args:
        commands = getattr(command, "commands", None)
        if commands is None:
            break
        if arg in commands:
            command = commands[arg]
            path.append(arg)
    return " ".join(path)


#: Click's usage messages (as it words them) and how they read in Chinese; others keep Click's words.
_USAGE_ZH = (
    (r"Missing argument (.+)\.", "缺少参数 {0}"),
    (r"Missing option (.+)\.", "缺少选项 {0}"),
    (r"No such option: (\S+) \(Possible options: (.+)\)", "没有选项 {0}（您是否要找：{1}）"),
    (r"No such option: (\S+)", "没有选项 {0}"),
    (r"No such command (.+?)\. Did you mean (.+)\?", "没有命令 {0}（您是否要找：{1}）"),
    (r"No such command (.+?)\.", "没有命令 {0}"),
    (r"Missing command\.", "缺少命令"),
    (r"Option (.+) requires an argument\.", "选项 {0} 需要一个值"),
    (r"Got unexpected extra argument(?:s|\(s\))? \((.+)\)", "多余的参数：{0}"),
    (r"Invalid value for (.+?): (.+) is not one of (.+)\.", "{0} 的值 {1} 无效，可选：{2}"),
    (r"Invalid value for (.+?): (.+) is not a valid int(?:eger)?(?: range)?\.", "{0} 的值 {1} 不是整数"),
    (r"Invalid value for (.+?): (.+) is not in the range (.+)\.", "{0} 的值 {1} 不在范围 {2} 内"),
    (r"Invalid value for (.+?): (.+)", "{0} 的值无效：{1}"),
)


def usage_zh(message: str) -> str:
    """A usage error of Click's in Chinese (names and values as given)."""
    import re

    for pattern, zh in _USAGE_ZH:
        found = re.fullmatch(pattern, message.strip())
        if found:
            return zh.format(*found.groups())
    return message
