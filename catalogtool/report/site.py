"""The published catalog's web page: one self-contained HTML file from a :class:`~catalogtool.publish.Site`.

Everything is in the file: the stylesheet and the script (``templates/site/site.css`` and
``site.js``) are inlined, fonts are the reader's own, and a Content-Security-Policy allows only
those two inline blocks (by their SHA-256), so the page loads nothing from anywhere, even if a CMS
adds something. Every text from the workspace passes through :func:`esc` (the builder escapes all
strings that are not already :class:`Markup`), so a cell holding ``<script>`` is shown, never run.

The full table is in the HTML; the script only adds search, filters, the English toggle and the
banner's status (in force / not yet in force / lapsed), which it computes from the dates on the page
and the reader's clock in China's time zone, so an old copy left on a server still tells the truth.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from collections.abc import Iterable, Mapping

from catalogtool.data import data_dir
from catalogtool.fields import BY_KEY
from catalogtool.publish import DATAPACKAGE, Download, Site, SiteRow, SiteStandard, Words, dates


class Markup(str):
    """Text that is already HTML: the builder inserts it as it is."""


Child = str | Markup | None


def esc(text: str) -> Markup:
    """``text`` as HTML text or attribute value (& < > " ' escaped)."""
    return Markup(html.escape(text, quote=True))


def _attrs(attrs: Mapping[str, str | bool | None]) -> str:
    out = []
    for name, value in attrs.items():
        if value is None or value is False:
            continue
        out.append(f" {name}" if value is True else f' {name}="{esc(value)}"')
    return "".join(out)


def tag(name: str, attrs: Mapping[str, str | bool | None] | None = None, *children: Child) -> Markup:
    """``<name attrs>children</name>``; plain-string children are escaped."""
    inner = "".join(c if isinstance(c, Markup) else esc(c) for c in children if c is not None)
    return Markup(f"<{name}{_attrs(attrs or {})}>{inner}</{name}>")


def join(parts: Iterable[Child], sep: str = "") -> Markup:
    """Several children as one piece of markup (strings escaped)."""
    return Markup(sep.join(p if isinstance(p, Markup) else esc(p) for p in parts if p is not None))


def bi(words: Words) -> Markup:
    """A phrase in both languages; the stylesheet shows the one the page is in."""
    if words.zh == words.en:
        return esc(words.zh)
    return join(
        [
            tag("span", {"class": "zh", "lang": "zh-CN"}, words.zh),
            tag("span", {"class": "en", "lang": "en"}, words.en),
        ]
    )


# --- page parts -----------------------------------------------------------------------------------


def _banner(site: Site) -> Markup:
    eff, exp = dates(site.effective), dates(site.expiry)
    facts = [
        (Words("版本", "Edition"), esc(site.edition)),
        (Words("施行日期", "In force from"), tag("time", {"datetime": site.effective.isoformat()}, bi(eff))),
        (Words("有效期至", "Valid until"), tag("time", {"datetime": site.expiry.isoformat()}, bi(exp))),
        (Words("有效期", "Validity"), bi(Words(f"{site.validity_years}年", f"{site.validity_years} years"))),
    ]
    validity = Words(
        f"有效期：自{eff.zh}起至{exp.zh}止。有效期满未作调整的，自动失效。",
        f"Valid from {eff.en} to {exp.en} inclusive. If it is not adjusted by then, it lapses by itself.",
    )
    return tag(
        "header",
        {
            "class": "banner",
            "id": "banner",
            "data-effective": site.effective.isoformat(),
            "data-expiry": site.expiry.isoformat(),
        },
        tag(
            "div",
            {"class": "wrap"},
            tag(
                "div",
                {"class": "topline"},
                tag("p", {"class": "authority"}, bi(site.authority)),
                tag(
                    "button",
                    {"type": "button", "id": "lang-toggle", "class": "lang-toggle", "hidden": True},
                    tag("span", {"class": "zh", "lang": "en"}, "English"),
                    tag("span", {"class": "en", "lang": "zh-CN"}, "中文"),
                ),
            ),
            tag("h1", {}, bi(site.title)),
            tag(
                "dl",
                {"class": "facts"},
                join(tag("div", {}, tag("dt", {}, bi(k)), tag("dd", {}, v)) for k, v in facts),
            ),
            tag("p", {"class": "validity", "id": "validity"}, bi(validity)),
            tag(
                "p",
                {"class": "status", "id": "status", "role": "status", "hidden": True},
                tag("strong", {"id": "status-title"}),
                " ",
                tag("span", {"id": "status-text"}),
            ),
        ),
    )


def _filters(site: Site) -> Markup:
    def select(ident: str, label: Words, everything: Words, options: Iterable[tuple[str, Words]]) -> Markup:
        return tag(
            "div",
            {"class": "field"},
            tag("label", {"for": ident}, bi(label)),
            tag(
                "select",
                {"id": ident, "name": ident},
                tag(
                    "option", {"value": "", "data-zh": everything.zh, "data-en": everything.en}, everything.zh
                ),
                join(tag("option", {"value": v, "data-zh": w.zh, "data-en": w.en}, w.zh) for v, w in options),
            ),
        )

    search_in = [
        ("code", Words("代码", "Code")),
        ("name", _label("subcategory_name")),
        ("position", _label("position")),
        ("industry", _label("industry")),
    ]
    everything = Words("全部", "all")
    return tag(
        "form",
        {"class": "filters", "id": "filters", "role": "search", "hidden": True},
        tag(
            "div",
            {"class": "field grow"},
            tag("label", {"for": "q"}, bi(Words("搜索", "Search"))),
            Markup(
                '<input type="search" id="q" name="q" autocomplete="off" spellcheck="false" '
                'aria-describedby="q-hint" data-zh-placeholder="代码、名称、岗位、产业或任意文字" '
                'data-en-placeholder="code, name, position, industry or any text" '
                'placeholder="代码、名称、岗位、产业或任意文字">'
            ),
            tag(
                "span",
                {"id": "q-hint", "class": "hint"},
                bi(
                    Words(
                        "多个词用空格分开，须同时符合。", "Separate words with spaces; rows must match all."
                    )
                ),
            ),
        ),
        select("in", Words("搜索范围", "Search in"), Words("全部内容", "everything"), search_in),
        select(
            "industry",
            _label("industry"),
            everything,
            ((i, Words(i, i)) for i in site.industries),
        ),
        select(
            "major",
            Words("职业大类", "Major category"),
            everything,
            ((c.value, c.label) for c in site.majors),
        ),
        select(
            "education",
            Words("最低学历要求", "Minimum education"),
            everything,
            ((c.value, c.label) for c in site.education_levels),
        ),
        tag(
            "div",
            {"class": "field actions"},
            tag("button", {"type": "reset", "id": "reset"}, bi(Words("清除条件", "Clear"))),
        ),
    )


def _label(key: str) -> Words:
    """A catalog field's heading, from the field table."""
    f = BY_KEY[key]
    return Words(f.zh, f.en)


# The page's columns: the field table's, except the subcategory (code and name in one cell) and the
# requirements (education, experience, age, salary and certificates in plain words).
_COLUMNS = (
    ("seq", _label("seq")),
    ("subcategory", Words("职业小类", "Subcategory")),
    ("occupations", _label("occupation_codes")),
    ("position", _label("position")),
    ("industry", _label("industry")),
    ("requirements", Words("任职要求", "Requirements")),
    ("skills", _label("skills")),
    ("notes", _label("notes")),
)


# Cells holding the catalog's own (Chinese) text: marked so, for screen readers on the English page.
_CHINESE_TEXT = frozenset({"position", "industry", "skills", "notes"})


def _cell(column: str, label: Words, *children: Child, header: bool = False) -> Markup:
    attrs: dict[str, str | bool | None] = {
        "class": f"c-{column}",
        "data-zh": label.zh,
        "data-en": label.en,
        "lang": "zh-CN" if column in _CHINESE_TEXT else None,
    }
    if header:
        attrs["scope"] = "row"
    return tag("th" if header else "td", attrs, *children)


def _row(row: SiteRow) -> Markup:
    labels = dict(_COLUMNS)
    requirements = [tag("li", {}, bi(w)) for w in row.requirements]
    if row.relaxed is not None:
        requirements.append(tag("li", {"class": "relaxed"}, bi(row.relaxed)))
    return tag(
        "tr",
        {
            "data-codes": " ".join([row.code, *row.occupations]).strip(),
            "data-name": row.name,
            "data-position": row.position,
            "data-industry": row.industry,
            "data-major": row.major,
            "data-education": row.education,
        },
        _cell("seq", labels["seq"], row.seq),
        _cell(
            "subcategory",
            labels["subcategory"],
            tag("span", {"class": "code"}, row.code),
            " ",
            tag("span", {"class": "name", "lang": "zh-CN"}, row.name),
        ),
        _cell(
            "occupations",
            labels["occupations"],
            join((tag("span", {"class": "code"}, c) for c in row.occupations), Markup(" ")),
        ),
        _cell("position", labels["position"], row.position, header=True),
        _cell("industry", labels["industry"], row.industry),
        _cell(
            "requirements",
            labels["requirements"],
            tag("ul", {}, join(requirements)) if requirements else None,
        ),
        _cell("skills", labels["skills"], row.skills),
        _cell("notes", labels["notes"], row.notes),
    )


def _catalog(site: Site) -> Markup:
    total = len(site.rows)
    head = tag(
        "thead",
        {},
        tag("tr", {}, join(tag("th", {"scope": "col", "class": f"c-{k}"}, bi(w)) for k, w in _COLUMNS)),
    )
    caption = Words(
        f"{site.title.zh}（共{total}个岗位）",
        f"{site.title.en}: {total} positions",
    )
    return tag(
        "section",
        {"id": "catalog", "aria-labelledby": "catalog-h"},
        tag("h2", {"id": "catalog-h"}, bi(Words("指导目录", "The catalog"))),
        tag(
            "p",
            {"class": "lead"},
            bi(
                Words(
                    "按《职业分类大典》小类列出本省外国专业人才（B类）可从事的岗位及其任职要求。"
                    "“任职要求”为最低要求。",
                    "The positions open to foreign professionals (Category B) in this province, by "
                    "subcategory of the National Occupational Classification, with their minimum "
                    "requirements. Positions, industries and skills are given as published, in Chinese.",
                )
            ),
        ),
        tag(
            "noscript",
            {},
            tag(
                "p",
                {"class": "hint"},
                bi(
                    Words(
                        "整张目录如下。启用浏览器的 JavaScript 后，可按代码、名称、岗位、产业搜索和筛选。",
                        "The whole catalog follows. With JavaScript on, it can be searched and filtered.",
                    )
                ),
            ),
        ),
        _filters(site),
        tag(
            "p",
            {"class": "count", "id": "count", "aria-live": "polite"},
            bi(Words(f"共{total}个岗位", f"{total} positions")),
        ),
        tag(
            "div",
            {"class": "table-wrap"},
            tag(
                "table",
                {"id": "catalog-table"},
                tag("caption", {}, bi(caption)),
                head,
                tag("tbody", {}, join(_row(r) for r in site.rows)),
            ),
        ),
        tag(
            "p",
            {"class": "empty", "id": "no-results", "hidden": True},
            bi(Words("没有符合条件的岗位。", "No position matches.")),
        ),
    )


def _standard(s: SiteStandard) -> Markup:
    evidence = (
        tag(
            "p",
            {"class": "evidence"},
            tag("span", {"class": "label"}, bi(Words("证明材料：", "Evidence: "))),
            "、".join(s.evidence),
        )
        if s.evidence
        else None
    )
    return tag(
        "li",
        {"id": f"std-{s.id}"},
        tag(
            "p",
            {"class": "std-head"},
            tag("span", {"class": "code"}, s.id),
            " ",
            tag("span", {"class": "tag"}, bi(s.block)),
        ),
        tag("p", {"class": "std-text", "lang": "zh-CN"}, s.text),
        evidence,
        tag("p", {"class": "std-notes"}, s.notes) if s.notes else None,
    )


def _standards(site: Site) -> Markup:
    body: Markup
    if site.standards:
        body = tag("ol", {"class": "standards"}, join(_standard(s) for s in site.standards))
    else:
        body = tag(
            "p",
            {},
            bi(Words("本省未另行制定地方认定标准。", "The province has no local standards of its own.")),
        )
    return tag(
        "section",
        {"id": "standards", "aria-labelledby": "standards-h"},
        tag(
            "h2",
            {"id": "standards-h"},
            bi(Words("外国高端人才（A类）认定标准", "Category A (high-end talent) standards")),
        ),
        tag(
            "p",
            {"class": "lead"},
            bi(
                Words(
                    "在国家统一标准基础上，本省结合重点产业和领域制定的外国高端人才认定标准。",
                    "Local recognition standards for foreign high-end talent, set by the province on top "
                    "of the national ones for its key industries.",
                )
            ),
        ),
        body,
    )


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def _download(d: Download) -> Markup:
    return tag(
        "li",
        {},
        tag("a", {"href": d.href, "download": d.name if not d.href.startswith("http") else None}, d.name),
        " ",
        bi(d.title),
        " ",
        tag("span", {"class": "size"}, f"({_size(d.bytes)})"),
        tag("br", {}),
        tag("code", {"class": "hash", "title": "SHA-256"}, f"SHA-256 {d.sha256}"),
    )


def _downloads(site: Site) -> Markup:
    items = [_download(d) for d in site.downloads if d.name != "index.html"]
    items.append(
        tag(
            "li",
            {},
            tag("a", {"href": site.href(DATAPACKAGE)}, DATAPACKAGE),
            " ",
            bi(
                Words(
                    "数据包说明（各文件的格式、大小和 SHA-256 校验值）",
                    "Data Package descriptor (format, size and SHA-256 of every file)",
                )
            ),
        )
    )
    return tag(
        "section",
        {"id": "downloads", "aria-labelledby": "downloads-h"},
        tag("h2", {"id": "downloads-h"}, bi(Words("数据下载", "Downloads"))),
        tag(
            "p",
            {"class": "lead"},
            bi(
                Words(
                    f"以下文件与本页内容一致，可供下载。职业代码依据{site.code_list.zh}。",
                    f"These files hold what this page shows. Codes follow {site.code_list.en}.",
                )
            ),
        ),
        tag("ul", {"class": "downloads"}, join(items)),
    )


def _json_ld(site: Site) -> Markup:
    data = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": site.title.zh,
        "alternateName": site.title.en,
        "inLanguage": "zh-CN",
        "version": site.edition,
        "publisher": {"@type": "GovernmentOrganization", "name": site.authority.zh},
        "temporalCoverage": f"{site.effective.isoformat()}/{site.expiry.isoformat()}",
        "datePublished": site.effective.isoformat(),
        "expires": site.expiry.isoformat(),
        "spatialCoverage": {"@type": "AdministrativeArea", "name": site.province.zh},
        "distribution": [
            {"@type": "DataDownload", "name": d.name, "contentUrl": d.href} for d in site.downloads
        ],
    }
    if site.base_url:
        data["url"] = site.base_url
    # Inside <script> only "</" could end the element early; JSON allows "<\\/" for it.
    text = json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return Markup(f'<script type="application/ld+json">{text}</script>')


def _asset(name: str) -> str:
    return (data_dir("templates") / "site" / name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def render_site(site: Site) -> str:
    """The whole page as text."""
    css, js = _asset("site.css"), _asset("site.js")
    css_block, js_block = f"\n{css}", f"\n{js}"
    csp = (
        "default-src 'none'; "
        f"style-src {_csp_hash(css_block)}; script-src {_csp_hash(js_block)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    description = (
        f"{site.title.zh}。{site.authority.zh}发布，自{site.effective.isoformat()}起施行，"
        f"有效期至{site.expiry.isoformat()}。"
    )
    head = join(
        [
            Markup('<meta charset="utf-8">'),
            Markup('<meta name="viewport" content="width=device-width, initial-scale=1">'),
            Markup(f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">'),
            tag("title", {}, site.title.zh),
            Markup(f'<meta name="description" content="{esc(description)}">'),
            Markup(f'<meta name="generator" content="{esc(site.generator)}">'),
            Markup(
                f'<meta name="dcterms.valid" content="{esc(f"start={site.effective.isoformat()}; end={site.expiry.isoformat()}")}">'
            ),
            Markup(f'<link rel="canonical" href="{esc(site.base_url)}">') if site.base_url else None,
            Markup(f'<link rel="alternate" type="application/json" href="{esc(site.href("catalog.json"))}">'),
            Markup(f"<style>{css_block}</style>"),
            _json_ld(site),
        ],
        "\n",
    )
    nav = tag(
        "nav",
        {"class": "toc", "aria-label": "本页内容 / On this page"},
        tag(
            "ul",
            {},
            tag("li", {}, tag("a", {"href": "#catalog"}, bi(Words("指导目录", "The catalog")))),
            tag("li", {}, tag("a", {"href": "#standards"}, bi(Words("A类认定标准", "Category A standards")))),
            tag("li", {}, tag("a", {"href": "#downloads"}, bi(Words("数据下载", "Downloads")))),
        ),
    )
    footer = tag(
        "footer",
        {},
        tag(
            "div",
            {"class": "wrap"},
            tag(
                "p",
                {},
                bi(
                    Words(
                        f"{site.authority.zh}发布。依据人力资源社会保障部办公厅2025年9月30日通知第四条，"
                        "本目录注明有效期，期满未作调整的自动失效。",
                        f"Published by the {site.authority.en}. Under §4 of the Ministry of Human Resources "
                        "and Social Security's notice of 30 September 2025 the catalog states its validity "
                        "period and lapses by itself when it ends without an adjustment.",
                    )
                ),
            ),
        ),
    )
    body = join(
        [
            tag("a", {"class": "skip", "href": "#catalog"}, bi(Words("跳到目录", "Skip to the catalog"))),
            _banner(site),
            tag("main", {"class": "wrap"}, nav, _catalog(site), _standards(site), _downloads(site)),
            footer,
            Markup(f"<script>{js_block}</script>"),
        ],
        "\n",
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="zh-CN" data-lang="zh" data-status="unknown">\n<head>\n{head}\n</head>\n'
        f"<body>\n{body}\n</body>\n</html>\n"
    )
