"""Structure-aware generators: valid inputs of every kind catalogtool reads, then mutated where it hurts.

Each generator is a hypothesis strategy that draws a ``Case``: the bytes of one input file, its file
name, and the CLI arguments to run on it (``{in}`` / ``{out}`` stand for the input and an output path
in the case's folder). Kinds: ``xlsx`` (a real workbook from openpyxl, then its XML parts mutated:
attribute quoting, spacing, case and order, counts, references, merged ranges, nesting, encodings,
truncation), ``csv``, ``yaml``/``json`` (row documents), ``province`` (a workspace's province.yaml)
and ``package`` (a real filing package zip, mutated: descriptor schemas, patterns, nesting, members).

To add a mode (round trip, output safety, …), write a strategy that draws a ``Case`` (or reuse these)
and a test in test_fuzz.py that runs it and asserts more than the contract; see ``MODES`` there.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import re
import shutil
import tempfile
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "samples" / "JS"

HEADER = [
    "序号",
    "小类代码",
    "小类名称",
    "岗位名称",
    "产业领域",
    "学历",
    "工作年限",
    "专业技能",
    "年龄",
    "备注",
]
ROWS = [
    [
        1,
        "2-02-10",
        "信息和通信工程技术人员",
        "芯片设计工程师",
        "集成电路",
        "学士",
        "3",
        "熟悉数字电路设计",
        "60",
        "",
    ],
    [
        2,
        "2-02-09",
        "电子工程技术人员",
        "工艺工程师",
        "集成电路",
        "硕士及以上",
        "2年以上",
        "熟悉工艺",
        "55周岁以下",
        "",
    ],
]


@dataclass(frozen=True)
class Case:
    """One fuzz input: file name, bytes, and the command to run (``{in}``, ``{out}`` substituted)."""

    kind: str
    name: str
    data: bytes
    args: tuple[str, ...]
    extra: dict[str, bytes] = field(default_factory=dict)  # more files for the case's folder
    workspace: bool = False  # the case's folder starts as a copy of the sample workspace (samples/JS)

    def __repr__(self) -> str:  # hypothesis prints failing cases; the bytes are saved to a file instead
        digest = hashlib.sha256(self.data).hexdigest()[:12]
        return f"Case({self.kind}, {self.name}, {len(self.data):,} bytes sha256:{digest}…, {' '.join(self.args)})"

    def argv(self, folder: Path) -> list[str]:
        subst = {"{in}": str(folder / self.name), "{out}": str(folder / "out")}
        return [subst.get(a, a).replace("{dir}", str(folder)) for a in self.args]


# ---- building blocks -------------------------------------------------------------------------------

#: Numbers that break naive code: limits of Excel's grid, int32/64, huge, negative, non-finite.
EXTREME_NUMBERS = [
    "0", "-1", "1048576", "1048577", "16384", "2147483648", "4294967295", "18446744073709551616",
    "9" * 30, "9" * 5000, "1e309", "-1e309", "inf", "nan", "00000001", "+1", "1.5", " 7 ", "",
]  # fmt: skip
EXTREME_REFS = ["XFD1048576", "xfd1048576", "A1048576", "XFD1", "ZZZZ1", "A0", "A99999999999", "AAAAAAAA1"]
HOSTILE_TEXT = [
    "\x00", "\x01\x02\x1b[31m", "\ud800", "\udfff", "\u202e", "\ufeff", "\r", "\u2028", "=1+1", "@SUM(A1)",
    "😀" * 3, "𠀀", "A" * 33000, "<![CDATA[", "]]>", "&amp;", "&#0;", "{{x}}", "%s%n", "../../etc/passwd",
]  # fmt: skip

texts = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=40),
    st.sampled_from([str(v) for row in ROWS for v in row]),
    st.sampled_from(EXTREME_NUMBERS),
)


def _quote_attrs(data: bytes, quote: bytes) -> bytes:
    return re.sub(rb'="([^"<>]*)"', lambda m: b"=" + quote + m.group(1) + quote, data)


def _mutations() -> dict[str, Callable[[st.DrawFn, bytes], bytes]]:
    """Mutations of one XML part, by name; each draws what it needs."""

    def requote(draw: st.DrawFn, data: bytes) -> bytes:
        return _quote_attrs(data, b"'")

    def spaces(draw: st.DrawFn, data: bytes) -> bytes:
        gap = draw(st.sampled_from([b" ", b"\t", b"\n", b"  \r\n "]))
        return re.sub(rb'(\s\w+)="', lambda m: m.group(1) + gap + b"=" + gap + b'"', data)

    def lower_refs(draw: st.DrawFn, data: bytes) -> bytes:
        return re.sub(rb'\br="([A-Z]+)', lambda m: b'r="' + m.group(1).lower(), data)

    def reorder(draw: st.DrawFn, data: bytes) -> bytes:
        return re.sub(rb'<c (r="[^"]*") ([^>/]*?)(/?)>', rb"<c \2 \1\3>", data)

    def drop_refs(draw: st.DrawFn, data: bytes) -> bytes:
        return re.sub(rb' r="[A-Za-z]*\d*"', b"", data)

    def number(draw: st.DrawFn, data: bytes) -> bytes:
        runs = list(re.finditer(rb"\d+", data))
        if not runs:
            return data
        m = draw(st.sampled_from(runs))
        return data[: m.start()] + draw(st.sampled_from(EXTREME_NUMBERS)).encode() + data[m.end() :]

    def far_cell(draw: st.DrawFn, data: bytes) -> bytes:
        ref = draw(st.sampled_from(EXTREME_REFS))
        row = re.sub(r"[A-Za-z]+", "", ref) or "1"
        q = draw(st.sampled_from(["'", '"']))
        cell = f"<row r={q}{row}{q}><c r={q}{ref}{q} t={q}n{q}><v>1</v></c></row>".encode()
        return data.replace(b"</sheetData>", cell + b"</sheetData>")

    def merges(draw: st.DrawFn, data: bytes) -> bytes:
        refs = draw(
            st.lists(
                st.one_of(
                    st.sampled_from(["A3:M1048576", "A1:XFD1048576", "A1:A1", "B2:A1", "A1", "zz9:a1"]),
                    st.builds(lambda r, c: f"A{r}:{c}{r + 1}", st.integers(1, 2000), st.sampled_from("BCDM")),
                ),
                min_size=1,
                max_size=draw(st.sampled_from([3, 2000])),
            )
        )
        body = "".join(f'<mergeCell ref="{r}"/>' for r in refs)
        block = f'<mergeCells count="{len(refs)}">{body}</mergeCells>'.encode()
        return re.sub(rb"</sheetData>", b"</sheetData>" + block, data, count=1)

    def dimension(draw: st.DrawFn, data: bytes) -> bytes:
        ref = draw(st.sampled_from(["A1:XFD1048576", "A1", "", "A1:B", "ZZZZZZ99999999999"]))
        return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="' + ref.encode() + b'"', data)

    def nest(draw: st.DrawFn, data: bytes) -> bytes:
        depth = draw(st.sampled_from([10, 255, 257, 3000]))
        tag = draw(st.sampled_from([b"x", b"c", b"row", b"is"]))
        inner = b"<" + tag + b">" * 1
        wrapped = inner * depth + b"</" + tag + b">" * 0
        closing = (b"</" + tag + b">") * depth
        return data.replace(b"</sheetData>", wrapped + closing + b"</sheetData>", 1)

    def encoding(draw: st.DrawFn, data: bytes) -> bytes:
        how = draw(st.sampled_from(["utf16", "bom", "latin1-decl", "bad-utf8", "ctrl", "surrogate-ref"]))
        if how == "utf16":
            text = data.decode("utf-8", "replace")
            text = re.sub(r"^<\?xml[^>]*\?>", "", text)
            return ('<?xml version="1.0" encoding="UTF-16"?>' + text).encode("utf-16")
        if how == "bom":
            return b"\xef\xbb\xbf" + data
        if how == "latin1-decl":
            return re.sub(rb"^(<\?xml[^>]*?)\?>", rb'<?xml version="1.0" encoding="ISO-8859-1"?>', data)
        if how == "bad-utf8":
            return data.replace(b"<t>", b"<t>\xff\xfe\xed\xa0\x80", 1)
        if how == "ctrl":
            return data.replace(b"<t>", b"<t>\x01\x1b&#1;", 1)
        return data.replace(b"<t>", b"<t>&#xD800;&#0;", 1)

    def truncate(draw: st.DrawFn, data: bytes) -> bytes:
        return data[: draw(st.integers(0, max(len(data) - 1, 0)))]

    def flip(draw: st.DrawFn, data: bytes) -> bytes:
        if not data:
            return data
        i = draw(st.integers(0, len(data) - 1))
        return data[:i] + bytes([data[i] ^ draw(st.integers(1, 255))]) + data[i + 1 :]

    def inject(draw: st.DrawFn, data: bytes) -> bytes:
        snippet = draw(
            st.sampled_from(
                [
                    b"<!DOCTYPE x [<!ENTITY a 'aaaa'>]>",
                    b"<![CDATA[</row>]]>",
                    b"<!-- </row> <c r='XFD1048576'/> -->",
                    b"<x:c xmlns:x='urn:x' r='XFD1048576'/>",
                    b'<c r="A1" r="XFD1048576"/>',
                    b"<row r='4294967296'/>",
                    b'<c r="A1" t="s"><v>4294967295</v></c>',
                    b'<c r="A1" t="d"><v>99999-01-01</v></c>',
                    b'<c r="A1" t="n"><v>1e999999</v></c>',
                    b'<c r="A1" s="99999999"><v>1</v></c>',
                ]
            )
        )
        i = draw(st.integers(0, len(data)))
        return data[:i] + snippet + data[i:]

    return {
        f.__name__: f
        for f in (
            requote, spaces, lower_refs, reorder, drop_refs, number, far_cell, merges, dimension, nest,
            encoding, truncate, flip, inject,
        )
    }  # fmt: skip


MUTATIONS = _mutations()


@functools.cache
def base_xlsx_parts() -> dict[str, bytes]:
    """A real draft workbook (title row, merged title, header, rows, a shared-strings part)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "目录"
    ws.append(["江苏省外国人来华工作指导目录（2026年版）"])
    ws.merge_cells("A1:J1")
    ws.append(HEADER)
    for row in ROWS:
        ws.append(row)
    ws["K3"] = "=1+1"
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(buf) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    # openpyxl writes inline strings: add a shared-strings part too, so its counts can be mutated.
    ns = b"http://schemas.openxmlformats.org/"
    parts["xl/sharedStrings.xml"] = (
        b'<sst xmlns="' + ns + b'spreadsheetml/2006/main" count="2" uniqueCount="2">'
        b"<si><t>a</t></si><si><t>b</t></si></sst>"
    )
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdS" Target="sharedStrings.xml" Type="'
        + ns
        + b'officeDocument/2006/relationships/sharedStrings"/></Relationships>',
    )
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    return parts


def zip_parts(parts: dict[str, bytes], duplicate: str | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
        if duplicate is not None and duplicate in parts:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # a duplicate member is the point
                zf.writestr(duplicate, parts[duplicate] + b"<!-- twin -->")
    return buf.getvalue()


XLSX_COMMANDS = [
    ("validate", "{in}", "--format", "json"),
    ("validate", "{in}", "--annotate", "{dir}/annotated.xlsx"),
    ("convert", "{in}", "{dir}/out.yaml"),
    ("validate", "{in}", "--format", "sarif", "--lang", "zh"),
]


@st.composite
def xlsx_cases(draw: st.DrawFn) -> Case:
    parts = dict(base_xlsx_parts())
    for _ in range(draw(st.integers(1, 3))):
        name = draw(
            st.sampled_from(
                ["xl/worksheets/sheet1.xml"] * 4
                + ["xl/sharedStrings.xml", "xl/workbook.xml", "xl/styles.xml", "[Content_Types].xml"]
            )
        )
        mutation = draw(st.sampled_from(sorted(MUTATIONS)))
        parts[name] = MUTATIONS[mutation](draw, parts[name])
    if draw(st.booleans()):
        name = draw(st.sampled_from(["xl/workbook.xml"]))
        sheet_name = draw(st.sampled_from(["&#1;目录", "目录&#0;", "a" * 40, "x'y", "Sheet\x07"]))
        parts[name] = parts[name].replace(b'name="\xe7\x9b\xae\xe5\xbd\x95"', f'name="{sheet_name}"'.encode())
    duplicate = draw(st.sampled_from([None, None, None, "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"]))
    args = draw(st.sampled_from(XLSX_COMMANDS))
    return Case("xlsx", "draft.xlsx", zip_parts(parts, duplicate), args)


# ---- CSV -------------------------------------------------------------------------------------------

ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "utf-16", "latin-1"]


@st.composite
def csv_cases(draw: st.DrawFn) -> Case:
    rows = [list(HEADER)] + [[str(v) for v in row] for row in ROWS]
    for _ in range(draw(st.integers(0, 4))):
        rows.append([draw(texts) for _ in HEADER[: draw(st.integers(0, len(HEADER) + 2))]])
    for _ in range(draw(st.integers(0, 3))):
        r = draw(st.integers(0, len(rows) - 1))
        if rows[r]:
            rows[r][draw(st.integers(0, len(rows[r]) - 1))] = draw(texts)
    sep = draw(st.sampled_from([",", ";", "\t", "，"]))
    end = draw(st.sampled_from(["\r\n", "\n", "\r"]))
    quote = draw(st.booleans())

    def cell(v: str) -> str:
        return '"' + v.replace('"', '""') + '"' if quote or sep in v or '"' in v or "\n" in v else v

    text = end.join(sep.join(cell(v) for v in row) for row in rows)
    encoding = draw(st.sampled_from(ENCODINGS))
    data = text.encode(encoding, "surrogatepass" if encoding.startswith("utf") else "replace")
    if draw(st.integers(0, 9)) == 0:
        data = data[: draw(st.integers(0, len(data)))]
    fmt = draw(st.sampled_from(["json", "text", "github", "junit", "codequality", "sarif"]))
    args = draw(
        st.sampled_from(
            [
                ("validate", "{in}", "--format", fmt),
                ("convert", "{in}", "{dir}/out.xlsx"),
                ("diff", "{in}", "{in}"),
            ]
        )
    )
    return Case("csv", "draft.csv", data, args)


# ---- YAML / JSON -----------------------------------------------------------------------------------

FIELDS = [
    "seq", "subcategory_code", "subcategory_name", "occupation_codes", "position", "industry", "education",
    "experience_years", "skills", "certificates", "salary", "age_max", "notes",
]  # fmt: skip

leaf = st.one_of(
    texts,
    st.integers(min_value=-(10**30), max_value=10**30),
    # (integers past 4,300 digits come in as text: see the "big" trick; hypothesis cannot repr them)
    st.sampled_from([float("inf"), float("-inf"), float("nan"), 1e308, True, None]),
    st.floats(allow_nan=True, allow_infinity=True),
)
values = st.recursive(
    leaf, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3)
)


def _good_row() -> dict[str, object]:
    values = [1, "2-02-10", "信息和通信工程技术人员", "", "工程师", "集成电路", "学士", "3", "熟悉"]
    return dict(zip(FIELDS, values, strict=False))


@st.composite
def structured_cases(draw: st.DrawFn) -> Case:
    rows: list[object] = [_good_row() for _ in range(draw(st.integers(0, 2)))]
    for _ in range(draw(st.integers(0, 3))):
        row = _good_row()
        for key in draw(st.lists(st.sampled_from([*FIELDS, "extra", ""]), max_size=4)):
            row[key] = draw(values)
        rows.append(row)
    if draw(st.integers(0, 5)) == 0:
        rows.append(draw(values))
    doc: object = (
        rows if draw(st.booleans()) else {"title": draw(texts), "validity": draw(texts), "rows": rows}
    )
    kind = draw(st.sampled_from(["json", "yaml"]))
    if kind == "json":
        text = json.dumps(doc, ensure_ascii=draw(st.booleans()), allow_nan=True, default=str)
    else:
        from ruamel.yaml import YAML

        yaml = YAML(typ="safe")
        buf = io.StringIO()
        yaml.dump(json.loads(json.dumps(doc, default=str)), buf)
        text = buf.getvalue()
    trick = draw(st.sampled_from(["", "", "", "deep", "alias", "tag", "dupkey", "surrogate", "big"]))
    if trick == "deep":
        depth = draw(st.sampled_from([100, 1000, 100_000]))
        text = "[" * depth + "]" * depth  # a JSON array, and a YAML flow sequence
    elif trick == "alias" and kind == "yaml":
        text = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
            f"{c}: &{c} [{','.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        )
    elif trick == "tag" and kind == "yaml":
        text = "!!python/object/apply:os.system ['true']\n"
    elif trick == "dupkey":
        text = '{"rows": [], "rows": 1}' if kind == "json" else "rows: []\nrows: 1\n"
    elif trick == "surrogate":
        text = text.replace("熟悉", "\\ud800熟悉" if kind == "json" else '"\\ud800"', 1)
    elif trick == "big":
        text = text.replace("3", "9" * 5000, 1)
    data = text.encode("utf-8", "surrogatepass")
    fmt = draw(st.sampled_from(["json", "text", "github", "junit", "codequality", "sarif"]))
    out_ext = draw(st.sampled_from(["csv", "xlsx", "yaml", "json"]))
    args = draw(
        st.sampled_from([("validate", "{in}", "--format", fmt), ("convert", "{in}", "{dir}/out." + out_ext)])
    )
    return Case(kind, f"draft.{'yml' if kind == 'yaml' and draw(st.booleans()) else kind}", data, args)


# ---- workspace: province.yaml ------------------------------------------------------------------------


@st.composite
def province_cases(draw: st.DrawFn) -> Case:
    text = (SAMPLE / "provinces" / "JS" / "province.yaml").read_text("utf-8")
    key = draw(
        st.sampled_from(["validity_years", "effective_date", "edition", "local_average_wage", "title"])
    )
    value = draw(
        st.one_of(
            st.sampled_from(
                ["10**5000", "9" * 5000, "1e309", ".inf", "-1", "9999-12-31", "10026-01-01", "0000-00-00",
                 "2026-02-30", "[1, 2]", "{a: 1}", "null", '"\\ud800"', "!!binary aGk=", "*x"]
            ),
            st.integers(-(10**20), 10**20).map(str),
        )
    )  # fmt: skip
    text = re.sub(rf"(?m)^{key}:.*$", lambda _: f"{key}: {value}", text)
    data = text.encode("utf-8", "surrogatepass")
    return Case(
        "province", "provinces/JS/province.yaml", data, ("validate", "--province", "JS"), workspace=True
    )


# ---- filing packages ---------------------------------------------------------------------------------


@functools.cache
def base_package() -> dict[str, bytes]:
    """The members of the sample's filing package, built once (in process) for the whole run."""
    from tests.fuzz.contract import run

    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "ws"
        shutil.copytree(SAMPLE, ws)
        run("package", "--province", "JS", "--today", "2026-05-01", cwd=ws).check()
        with zipfile.ZipFile(ws / "dist" / "JS-2026.zip") as zf:
            return {i.filename: zf.read(i) for i in zf.infolist()}


REDOS = "(a+)+$"


@st.composite
def package_cases(draw: st.DrawFn) -> Case:
    members = dict(base_package())
    dp_name = "JS-2026/datapackage.json"
    descriptor = json.loads(members[dp_name])
    what = draw(
        st.sampled_from(
            ["pattern", "fields", "type", "deep", "constraints", "resources", "csv", "sums", "members", "raw"]
        )
    )
    csv_resource = next(r for r in descriptor["resources"] if r.get("mediatype") == "text/csv")
    fields = csv_resource["schema"]["fields"]
    if what == "pattern":
        fields[0].setdefault("constraints", {})["pattern"] = draw(
            st.sampled_from([REDOS, "(", "[", "\\", "a{99999}"])
        )
        members["JS-2026/catalog.csv"] = members["JS-2026/catalog.csv"].replace(
            b"\n1,", b"\n" + b"a" * 40 + b"!,", 1
        )
    elif what == "fields":
        csv_resource["schema"]["fields"] = draw(
            st.sampled_from([{}, "x", 1, None, [1, 2], [[]], [{"name": 1}]])
        )
    elif what == "type":
        fields[0]["type"] = draw(st.sampled_from([1, None, [], {}, "integer", "number", "date", "object"]))
    elif what == "deep":
        depth = draw(st.sampled_from([1000, 100_000]))
        members[dp_name] = b"[" * depth + b"]" * depth
    elif what == "constraints":
        fields[0]["constraints"] = draw(values)
    elif what == "resources":
        descriptor["resources"] = draw(st.one_of(values, st.lists(values, max_size=3)))
    elif what == "csv":
        members["JS-2026/catalog.csv"] = draw(
            st.sampled_from([b"", b"\x00" * 10, b'"', "\ud800".encode("utf-8", "surrogatepass")])
        )
    elif what == "sums":
        members["JS-2026/SHA256SUMS"] = draw(st.binary(max_size=200))
    elif what == "members":
        name = draw(
            st.sampled_from(["../evil", "/abs", "JS-2026/", "JS-2026/../x", "JS-2026/sub/x", "JS-2026/\x00"])
        )
        members[name] = b"x"
    if what not in ("deep", "raw"):
        members[dp_name] = json.dumps(descriptor, ensure_ascii=False, default=str).encode(
            "utf-8", "surrogatepass"
        )
    data = zip_parts(members)
    if what == "raw":
        i = draw(st.integers(0, len(data) - 1))
        data = data[:i] + bytes([data[i] ^ draw(st.integers(1, 255))]) + data[i + 1 :]
    province = (SAMPLE / "provinces" / "JS" / "province.yaml").read_bytes()
    return Case(
        "package",
        "dist/JS-2026.zip",
        data,
        ("package", "--check", "--province", "JS"),
        {"provinces/JS/province.yaml": province},
    )


ALL = {
    "xlsx": xlsx_cases(),
    "csv": csv_cases(),
    "structured": structured_cases(),
    "province": province_cases(),
    "package": package_cases(),
}
