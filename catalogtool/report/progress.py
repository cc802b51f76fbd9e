"""The progress bar ``validate`` draws on a terminal while it reads long files.

One bar per file, on standard error: the file name, the bar, the percentage, rows read of the rows the
sheet holds (its dimension; the lines of a CSV), and the time left, in the report's language. It is drawn
from the moment the run starts (the file is named while it opens) and removed when the run ends, so
the report that follows stands alone. Only for people: never in machine formats, a pipe or CI.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import ProgressColumn, TaskID

    from catalogtool.validate import FileProgress

T = TypeVar("T")

#: (zh, en) of the words the bar shows.
LABELS: Mapping[str, tuple[str, str]] = {
    "rows": ("行", "rows"),
    "left": ("剩余时间", "left"),
    "opening": ("正在打开…", "opening…"),
}
#: The bar is redrawn after this many rows (and at the first and last): a redraw per row would cost
#: a long file more than reading it.
EVERY = 256


def wanted(fmt: str, stream: IO[str], environ: Mapping[str, str]) -> bool:
    """Whether to draw the bar: for the text report, on a terminal, outside CI (whose logs keep every frame)."""
    return fmt == "text" and stream.isatty() and not environ.get("CI")


def with_progress(work: Callable[[FileProgress], T], lang: str, console: Console | None = None) -> T:
    """``work(tick)`` with a progress bar on ``console`` (default: standard error), ``tick`` being
    :data:`catalogtool.validate.FileProgress`."""
    from rich.console import Console
    from rich.progress import Progress

    with Progress(*_columns(lang), console=console or Console(stderr=True), transient=True) as bar:
        current: dict[Path, TaskID] = {}

        def tick(path: Path, rows: int, total: int | None) -> None:
            task = current.get(path)
            if task is None:  # a new file, not open yet: the previous one is done
                for done in current.values():
                    bar.remove_task(done)
                current.clear()
                current[path] = bar.add_task(path.name, total=None, opened=False)
                bar.refresh()
            elif rows == 0 or rows == total or rows % EVERY == 0:
                # An unknown (or empty) total stays None: the bar pulses and the count stands alone.
                bar.update(task, completed=rows, total=total or None, opened=True, refresh=rows in (0, total))

        return work(tick)


def _columns(lang: str) -> tuple[ProgressColumn, ...]:
    """Name, bar, percentage, "1,234/3,000 行", "剩余时间 0:00:12" (the last three once the total is known)."""
    from rich.progress import BarColumn, Task, TaskProgressColumn, TextColumn, TimeRemainingColumn
    from rich.text import Text

    rows, opening, left = (LABELS[key][0 if lang == "zh" else 1] for key in ("rows", "opening", "left"))

    class Rows(TextColumn):
        def render(self, task: Task) -> Text:
            if not task.fields.get("opened"):
                text = opening
            elif task.total is None:
                text = f"{task.completed:,.0f} {rows}"
            else:
                text = f"{task.completed:,.0f}/{task.total:,.0f} {rows}"
            return Text(text, style="progress.download")

    class TimeLeft(TimeRemainingColumn):
        def render(self, task: Task) -> Text:
            if task.total is None:
                return Text("")
            return Text(f"{left} ", style="progress.remaining") + super().render(task)

    return (TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), Rows(""), TimeLeft())
