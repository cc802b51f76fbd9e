"""The published page in a real headless browser: Debian's chromium driven by playwright.

Playwright is pointed at the system's chromium (``executable_path``); it never downloads a browser.
One browser serves the whole module; each test opens a fresh page whose every request outside the
page's own folder is blocked and recorded, so a page that tried to load anything would fail.

Screenshots and the print preview go under the test's tmp folder (``--basetemp`` keeps them).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from conftest import SAMPLE

from catalogtool.publish import build_site
from catalogtool.workspace import check_workspace

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    """The system's chromium: $CATALOGTOOL_CHROMIUM, else chromium on PATH (Debian's /usr/bin/chromium)."""
    configured = os.environ.get("CATALOGTOOL_CHROMIUM")
    if configured:
        return configured if Path(configured).is_file() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _unavailable(reason: str) -> None:
    # CI installs chromium (.ci/run): there, a missing browser is a broken setup, not a reason to skip.
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must run the browser tests: see .ci/run)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -e '.[dev]')")
    executable = chromium_path()
    if executable is None:
        _unavailable("no chromium browser here (apt-get install chromium, or set CATALOGTOOL_CHROMIUM)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("browser")
    root = shutil.copytree(SAMPLE, folder / "ws")
    checked = check_workspace(root, "JS", dt.date(2026, 5, 1))
    return build_site(checked, folder / "site").folder


@pytest.fixture(scope="module")
def rows(site: Path) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads((site / "catalog.json").read_text("utf-8"))["rows"]
    return data


class Opened:
    """A page of the published site, with the requests it tried to make outside its folder."""

    def __init__(self, page: Page, blocked: list[str]) -> None:
        self.page = page
        self.blocked = blocked

    def visible_positions(self) -> list[str]:
        positions: list[str] = self.page.eval_on_selector_all(
            "#catalog-table tbody tr", "rs => rs.filter(r => !r.hidden).map(r => r.dataset.position)"
        )
        return positions

    def count(self) -> str:
        return self.page.inner_text("#count")


@pytest.fixture
def open_site(browser: Browser, site: Path) -> Iterator[Any]:
    contexts = []

    def open_(
        *,
        now: str | None = None,
        javascript: bool = True,
        width: int = 1366,
        query: str = "",
    ) -> Opened:
        context = browser.new_context(
            viewport={"width": width, "height": 900}, java_script_enabled=javascript, locale="zh-CN"
        )
        contexts.append(context)
        blocked: list[str] = []
        own = site.resolve().as_uri() + "/"

        def guard(route: Any) -> None:
            url = route.request.url
            if url.split("?")[0].startswith(own):
                route.continue_()
            else:
                blocked.append(url)
                route.abort()

        context.route("**/*", guard)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        if now is not None:
            page.clock.set_fixed_time(now)
        page.goto(own + "index.html" + query)
        assert errors == []
        return Opened(page, blocked)

    yield open_
    for c in contexts:
        c.close()


def test_the_table_shows_every_row(open_site: Any, rows: list[dict[str, Any]]) -> None:
    opened = open_site(now="2026-08-01T10:00:00+08:00")
    assert opened.visible_positions() == [r["position"] for r in rows]
    assert opened.count() == f"共{len(rows)}个岗位"
    assert opened.blocked == []


def test_without_javascript_the_whole_table_is_there_and_no_dead_controls(
    open_site: Any, rows: list[dict[str, Any]]
) -> None:
    opened = open_site(javascript=False)
    page = opened.page
    assert page.locator("#catalog-table tbody tr:visible").count() == len(rows)
    assert not page.is_visible("#filters") and not page.is_visible("#lang-toggle")
    assert not page.is_visible("#status")
    assert "有效期：自2026年7月1日起至2030年6月30日止" in page.inner_text("#validity")
    assert "启用浏览器的 JavaScript 后" in page.inner_text("#catalog")


def test_a_search_narrows_the_table_by_position_code_or_any_text(
    open_site: Any, rows: list[dict[str, Any]]
) -> None:
    opened = open_site()
    page = opened.page
    page.fill("#q", "工程师")
    page.select_option("#in", "position")
    expected = [r["position"] for r in rows if "工程师" in r["position"]]
    assert 0 < len(expected) < len(rows)
    assert opened.visible_positions() == expected
    assert opened.count() == f"显示{len(expected)}个岗位，共{len(rows)}个"

    page.select_option("#in", "")
    page.fill("#q", "２－０２－３８")  # full-width, as typed with a Chinese input method
    by_code = [
        r["position"]
        for r in rows
        if r["subcategory_code"].startswith("2-02-38")
        or any(c.startswith("2-02-38") for c in r["occupation_codes"])
    ]
    assert by_code and opened.visible_positions() == by_code

    page.fill("#q", "集成电路 硕士")  # every word must match
    both = opened.visible_positions()
    assert both and set(both) < {
        r["position"] for r in rows if "集成电路" in json.dumps(r, ensure_ascii=False)
    }

    page.fill("#q", "没有这样的岗位")
    assert opened.visible_positions() == []
    assert page.is_visible("#no-results")


def test_filters_by_industry_major_category_and_education(open_site: Any, rows: list[dict[str, Any]]) -> None:
    opened = open_site()
    page = opened.page
    page.select_option("#industry", "生物医药")
    expected = [r["position"] for r in rows if r["industry"] == "生物医药"]
    assert 0 < len(expected) < len(rows)
    assert opened.visible_positions() == expected

    page.select_option("#education", "doctorate")
    assert opened.visible_positions() == [
        r["position"] for r in rows if r["industry"] == "生物医药" and r["education"] == "doctorate"
    ]
    page.click("#reset")
    page.select_option("#major", "2")
    assert opened.visible_positions() == [
        r["position"] for r in rows if r["subcategory_code"].startswith("2-")
    ]


def test_the_english_toggle_switches_the_page_and_back(open_site: Any, rows: list[dict[str, Any]]) -> None:
    opened = open_site(now="2026-08-01T10:00:00+08:00")
    page = opened.page
    page.click("#lang-toggle")
    assert page.get_attribute("html", "lang") == "en"
    assert page.inner_text("h1") == "Guidance Catalog for Foreigners Working in China: Jiangsu (2026 edition)"
    assert page.inner_text("#catalog-h") == "The catalog"
    assert opened.count() == f"{len(rows)} positions"
    assert page.inner_text("#status") == "In force. Valid until 30 June 2030, 1430 days left."
    first = page.inner_text("#catalog-table tbody tr:first-child .c-requirements")
    assert first.splitlines()[0] == "a master's degree or higher"
    assert page.eval_on_selector("#industry option[value='']", "o => o.textContent") == "all"
    page.click("#lang-toggle")
    assert page.get_attribute("html", "lang") == "zh-CN"
    assert page.inner_text("#catalog-h") == "指导目录"


@pytest.mark.parametrize(
    ("now", "status", "text"),
    [
        ("2026-06-30T12:00:00+08:00", "not-yet", "尚未施行。 自2026年7月1日起施行。"),
        ("2030-06-30T23:59:00+08:00", "in-force", "现行有效。 有效期至2030年6月30日，还有1天。"),
        # 16:00 UTC on the last day is already the next day in China: the catalog has lapsed there.
        (
            "2030-06-30T16:00:00Z",
            "lapsed",
            "已失效。 本目录有效期已于2030年6月30日届满，自动失效，不再作为认定依据。请查询现行目录。",
        ),
    ],
)
def test_the_banner_computes_the_status_from_the_page_clock(
    open_site: Any, now: str, status: str, text: str
) -> None:
    page = open_site(now=now).page
    assert page.get_attribute("html", "data-status") == status
    assert page.inner_text("#status") == text
    assert page.title().startswith("【已失效】") == (status == "lapsed")


def test_keyboard_alone_reaches_the_search_and_the_toggle(open_site: Any, rows: list[dict[str, Any]]) -> None:
    opened = open_site()
    page = opened.page
    reached = []
    for _ in range(12):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.id || document.activeElement.className"))
        if reached[-1] == "q":
            break
    assert reached[:2] == ["skip", "lang-toggle"] and reached[-1] == "q"
    page.keyboard.type("医药")
    assert 0 < len(opened.visible_positions()) < len(rows)
    page.focus("#lang-toggle")
    page.keyboard.press("Enter")
    assert page.get_attribute("html", "data-lang") == "en"


def test_no_request_leaves_the_page(open_site: Any) -> None:
    opened = open_site(query="?lang=en")
    page = opened.page
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.fill("#q", "芯片")
    page.click("#lang-toggle")
    page.emulate_media(media="print")
    page.pdf()
    assert opened.blocked == [] and requests == []


def test_screenshots_and_print_preview(open_site: Any, tmp_path: Path) -> None:
    """Writes what a reader sees under tmp_path (look at them: layout, Chinese fonts, print)."""
    shots = tmp_path / "screenshots"
    shots.mkdir()
    opened = open_site(now="2026-08-01T10:00:00+08:00")
    page = opened.page
    page.screenshot(path=str(shots / "zh.png"))
    page.click("#lang-toggle")
    page.select_option("#industry", "集成电路")
    page.screenshot(path=str(shots / "en-filtered.png"))
    lapsed = open_site(now="2031-01-01T09:00:00+08:00").page
    lapsed.screenshot(path=str(shots / "lapsed.png"))
    phone = open_site(width=390).page
    phone.screenshot(path=str(shots / "phone.png"), full_page=False)
    lapsed.emulate_media(media="print")
    lapsed.screenshot(path=str(shots / "print.png"))
    pdf = shots / "print.pdf"
    lapsed.pdf(path=str(pdf), prefer_css_page_size=True)

    for name in ("zh.png", "en-filtered.png", "lapsed.png", "phone.png", "print.png"):
        assert (shots / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # A4 landscape (842 × 595 pt) on every page, several pages.
    data = pdf.read_bytes()
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert boxes and {(round(float(w)), round(float(h))) for w, h in boxes} == {(842, 595)}
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        )
        pages = [p for p in text.stdout.split("\f") if p.strip()]
        table_pages = [p for p in pages if "芯片设计工程师" in p or "岗位名称" in p]
        assert len(pages) >= 3
        # The table's header is repeated on every page the table spans; the lapse is printed too.
        assert all("岗位名称" in p and "任职要求" in p for p in table_pages[:-1]) and len(table_pages) >= 2
        assert "已失效" in pages[0]


CONTRAST = """sels => {
  const rgb = c => { const p = c.match(/rgba?\\(([^)]+)\\)/)[1].split(',').map(Number);
                     return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
                     return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const background = el => { for (; el; el = el.parentElement) { const c = rgb(getComputedStyle(el).backgroundColor);
                             if (c.a > 0) return c; } return {r: 255, g: 255, b: 255, a: 1}; };
  const opacity = el => { let o = 1; for (; el; el = el.parentElement) o *= +getComputedStyle(el).opacity; return o; };
  return sels.filter(s => document.querySelector(s)).map(s => {
    const el = document.querySelector(s), b = background(el), fg = rgb(getComputedStyle(el).color), o = opacity(el);
    const seen = {r: fg.r * o + b.r * (1 - o), g: fg.g * o + b.g * (1 - o), b: fg.b * o + b.b * (1 - o)};
    const [hi, lo] = [lum(seen), lum(b)].sort((x, y) => y - x);
    return [s, Math.round((hi + 0.05) / (lo + 0.05) * 100) / 100];
  });
}"""
TEXTS = [
    "body",
    ".banner .authority",
    ".banner h1",
    ".facts dt",
    ".validity",
    "#status",
    ".lang-toggle",
    ".toc a",
    "#catalog .lead",
    ".field label",
    ".field .hint",
    "#count",
    "caption",
    "thead th",
    "tbody td.c-skills",
    "tbody th",
    ".c-requirements li",
    ".downloads a",
    ".downloads .size",
    ".hash",
    "footer p",
]


@pytest.mark.parametrize(
    "now", ["2026-06-01T10:00:00+08:00", "2027-01-01T10:00:00+08:00", "2031-01-01T10:00:00+08:00"]
)
def test_text_contrast_meets_wcag_aa_in_every_state(open_site: Any, now: str) -> None:
    page = open_site(now=now).page
    ratios = dict(page.evaluate(CONTRAST, TEXTS))
    assert sorted(ratios) == sorted(TEXTS)
    assert {s: r for s, r in ratios.items() if r < 4.5} == {}
