"""``--help`` in both languages, laid out for an 80-column terminal, commands in workflow order.

Each command declares its texts once, where it is defined: ``bi(zh, en)`` joins the Chinese and the
English line of a summary or an option's help, ``about(...)`` a command's paragraphs, and the epilog
holds examples of real use. :class:`HelpCommand` and :class:`HelpGroup` (the ``cls`` of every command and
group) print them: the Chinese line, then the English line, each wrapped by display width (a Chinese
character takes two columns), so nothing is cut off and no default ends in an ellipsis.

Imported while the CLI starts: plain Python only (no rich, no openpyxl…).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from typer.core import TyperArgument, TyperCommand, TyperGroup

#: The order ``catalogtool --help`` lists its commands: the filing workflow, then the helpers.
WORKFLOW = (
    "new",
    "validate",
    "fix",
    "consult",
    "package",
    "compare",
    "publish",
    "match",
    "points",
    "convert",
    "diff",
    "codes",
    "rules",
    "explain",
)


def bi(zh: str, en: str) -> str:
    """One help text in both languages: the Chinese line, then the English line."""
    return f"{zh}\n{en}"


def about(summary: str, *paragraphs: str) -> str:
    """A command's help: its summary (``bi``), then further paragraphs (each ``bi`` as well)."""
    return "\n\n".join((summary, *paragraphs))


def examples(*lines: str) -> str:
    """A command's epilog: commands as a user types them."""
    return "\n".join(lines)


#: The exit codes most commands share (validate, fix, package…); a command with others says its own.
EXIT_FINDINGS = bi(
    "退出码：0 没有问题，1 发现问题，2 输入无法使用或用法错误。",
    "Exit codes: 0 valid, 1 findings, 2 unusable input or usage error.",
)

#: Help of the options Typer and Click add themselves.
_BUILT_IN = {
    "help": bi("显示本帮助并退出。", "Show this message and exit."),
    "install_completion": bi("为当前 shell 安装命令补全。", "Install completion for the current shell."),
    "show_completion": bi(
        "显示当前 shell 的补全脚本，以便复制或自行安装。",
        "Show completion for the current shell, to copy it or customize the installation.",
    ),
}

_INDENT = 2  # paragraphs, option names, examples
_HELP_INDENT = 6  # an option's help under its name


class HelpCommand(TyperCommand):
    """A command whose ``--help`` is the bilingual layout of this module."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        formatter.write(render(self, ctx, formatter.width))


class HelpGroup(TyperGroup):
    """A group (the app, ``codes``, ``consult``): bilingual ``--help``, commands in workflow order."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        formatter.write(render(self, ctx, formatter.width))

    def list_commands(self, ctx: Any) -> list[str]:
        names = list(self.commands)
        first = [name for name in WORKFLOW if name in self.commands]
        return first + [name for name in names if name not in first]


# --------------------------------------------------------------------------------------------------
# Layout


def render(command: Any, ctx: Any, width: int) -> str:
    """The whole help page of ``command``, no line wider than ``width`` columns."""
    out: list[str] = []
    params = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    arguments = [p for p in params if isinstance(p, TyperArgument)]
    options = [p for p in params if not isinstance(p, TyperArgument)]
    usage = [ctx.command_path, "[OPTIONS]"]
    usage += [_signature(p, ctx) if p.required else f"[{_signature(p, ctx)}]" for p in arguments]
    if isinstance(command, TyperGroup):
        usage.append(command.subcommand_metavar)
    out += wrap("用法 Usage: " + " ".join(usage), width, 0, 4)
    for paragraph in (command.help or "").strip().split("\n\n"):
        out.append("")
        for line in paragraph.strip().splitlines():
            out += wrap(line.strip(), width, _INDENT)
    if arguments:
        out += ["", "参数 Arguments:"]
        for param in arguments:
            out += _param(param, ctx, width)
    if options:
        out += ["", "选项 Options:"]
        for param in options:
            out += _param(param, ctx, width)
    if isinstance(command, TyperGroup):
        out += _commands(command, ctx, width)
    if command.epilog:
        out += ["", "示例 Examples:"]
        for line in command.epilog.strip().splitlines():
            out += wrap(line.strip(), width, _INDENT, _INDENT + 4)
    return "\n".join(out) + "\n"


def _commands(group: TyperGroup, ctx: Any, width: int) -> list[str]:
    listed = [(n, c) for n in group.list_commands(ctx) if (c := group.get_command(ctx, n)) and not c.hidden]
    if not listed:
        return []
    column = _INDENT + max(len(name) for name, _ in listed) + 2
    out = ["", "命令 Commands:"]
    for name, sub in listed:
        summary = (sub.help or "").strip().split("\n\n")[0].splitlines()
        lead = " " * _INDENT + name.ljust(column - _INDENT)
        for i, line in enumerate(summary or [""]):
            lines = wrap(line.strip(), width, column, column)
            if i == 0:
                lines[0] = lead + lines[0][column:]
            out += lines
    return out


def _param(param: Any, ctx: Any, width: int) -> list[str]:
    notes = _notes(param, ctx)
    out = wrap(_signature(param, ctx) + (f" {notes}" if notes else ""), width, _INDENT, _HELP_INDENT)
    text = _BUILT_IN.get(param.name or "", getattr(param, "help", None) or "")
    for line in text.strip().splitlines():
        out += wrap(line.strip(), width, _HELP_INDENT)
    return out


def _signature(param: Any, ctx: Any) -> str:
    """``-f, --format FORMAT``, ``--force``, ``--progress / --no-progress``, ``PATHS…``."""
    if isinstance(param, TyperArgument):
        name = param.metavar or (param.name or "").upper()
        return name + ("..." if param.nargs == -1 else "")
    names = sorted(param.opts, key=lambda o: (o.startswith("--"), o))
    text = ", ".join(names)
    if param.secondary_opts:
        text += " / " + ", ".join(param.secondary_opts)
    if not param.is_flag and not param.count:
        text += " " + _metavar(param, ctx, names[-1])
    return text


def _metavar(param: Any, ctx: Any, long_name: str) -> str:
    if param.metavar:
        return str(param.metavar)
    kind = getattr(param.type, "name", "")
    if kind == "choice":
        return "|".join(map(str, param.type.choices))
    if kind == "path":
        return "PATH"
    if kind in ("integer", "int range"):
        return "N"
    return long_name.lstrip("-").upper()


def _notes(param: Any, ctx: Any) -> str:
    """What follows the signature: required, the default (in full), the range of a number."""
    notes: list[str] = []
    if param.required:
        notes.append("必填 required")
    low, high = getattr(param.type, "min", None), getattr(param.type, "max", None)
    if low is not None or high is not None:
        notes.append(
            " ".join(
                t
                for t in (f"≥ {low}" if low is not None else "", f"≤ {high}" if high is not None else "")
                if t
            )
        )
    default = _default(param)
    if default:
        notes.append(f"默认 default: {default}")
    return f"（{'；'.join(notes)}）" if notes else ""


def _default(param: Any) -> str:
    if isinstance(param, TyperArgument) or param.show_default is False:
        return ""
    value = param.default
    if param.is_flag:
        if param.secondary_opts and value is not None:
            return str(param.opts[-1] if value else param.secondary_opts[-1])
        return ""
    if value is None or value == () or value == []:
        return ""
    if isinstance(value, Sequence) and not isinstance(value, str):
        return ", ".join(map(str, value))
    return str(value)


# --------------------------------------------------------------------------------------------------
# Wrapping by display width


def cells(text: str) -> int:
    """Columns ``text`` takes on a terminal: wide (CJK) characters two, combining marks none."""
    return sum(_cell(c) for c in text)


def _cell(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


# Punctuation that must not begin a line, and opening punctuation that must not end one.
_NO_BREAK_BEFORE = frozenset("，。、；：？！）》」』】〕”’…·%,.;:!?)]}")
_NO_BREAK_AFTER = frozenset("（《「『【〔“‘([{")


def _atoms(text: str) -> Iterable[str]:
    """``text`` cut where a line may break: at spaces, and around each wide character."""
    atom = ""
    for char in text:
        if char.isspace():
            if atom:
                yield atom
            atom = ""
            yield " "
            continue
        prev = atom[-1] if atom else ""
        breakable = prev and (_cell(char) == 2 or _cell(prev) == 2)
        if breakable and char not in _NO_BREAK_BEFORE and prev not in _NO_BREAK_AFTER:
            yield atom
            atom = ""
        atom += char
    if atom:
        yield atom


def wrap(text: str, width: int, indent: int = 0, hang: int | None = None) -> list[str]:
    """``text`` as lines of at most ``width`` columns; the first indented by ``indent``, the others by
    ``hang`` (default: ``indent``). A word longer than a line is split, never cut short."""
    rest = " " * (indent if hang is None else hang)
    lines: list[str] = []
    line, empty, space = " " * indent, True, False
    for atom in _atoms(text):
        if atom == " ":
            space = not empty
            continue
        piece = (" " if space else "") + atom
        if not empty and cells(line + piece) > width:
            lines.append(line)
            line, empty, piece = rest, True, atom
        while cells(line + piece) > width and len(piece) > 1:  # longer than a whole line: fold it
            cut = _fit(piece, width - cells(line))
            lines.append(line + piece[:cut])
            line, piece = rest, piece[cut:]
        line, empty, space = line + piece, False, False
    lines.append(line.rstrip())
    return lines


def _fit(text: str, room: int) -> int:
    """How many leading characters of ``text`` fit in ``room`` columns (at least one)."""
    used = 0
    for i, char in enumerate(text):
        used += _cell(char)
        if used > room:
            return max(i, 1)
    return len(text)
