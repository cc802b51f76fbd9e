"""The 31 mainland provincial-level divisions and lookup by any of their names or codes.

Source: ISO 3166-2:CN (two-letter codes since 2017-11-23) and GB/T 2260 (six-digit codes); the
HRSS department names follow the usual pattern (厅 for provinces and regions, 局 for municipalities).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from catalogtool.errors import UsageError


@dataclass(frozen=True)
class Province:
    abbr: str
    gb2260: str
    name_zh: str
    name_en: str
    type: str
    hrss_department_zh: str

    @property
    def iso_3166_2(self) -> str:
        return f"CN-{self.abbr}"

    @property
    def short_zh(self) -> str:
        """江苏省 → 江苏, 内蒙古自治区 → 内蒙古, 广西壮族自治区 → 广西."""
        for suffix in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市"):
            if self.name_zh.endswith(suffix):
                return self.name_zh[: -len(suffix)]
        return self.name_zh

    @property
    def short_en(self) -> str:
        """'Jiangsu Sheng' → 'Jiangsu'."""
        return self.name_en.split(" ")[0]


PROVINCES: tuple[Province, ...] = (
    Province("BJ", "110000", "北京市", "Beijing Shi", "Municipality", "北京市人力资源和社会保障局"),
    Province("TJ", "120000", "天津市", "Tianjin Shi", "Municipality", "天津市人力资源和社会保障局"),
    Province("HE", "130000", "河北省", "Hebei Sheng", "Province", "河北省人力资源和社会保障厅"),
    Province("SX", "140000", "山西省", "Shanxi Sheng", "Province", "山西省人力资源和社会保障厅"),
    Province(
        "NM",
        "150000",
        "内蒙古自治区",
        "Nei Mongol Zizhiqu",
        "Autonomous region",
        "内蒙古自治区人力资源和社会保障厅",
    ),
    Province("LN", "210000", "辽宁省", "Liaoning Sheng", "Province", "辽宁省人力资源和社会保障厅"),
    Province("JL", "220000", "吉林省", "Jilin Sheng", "Province", "吉林省人力资源和社会保障厅"),
    Province("HL", "230000", "黑龙江省", "Heilongjiang Sheng", "Province", "黑龙江省人力资源和社会保障厅"),
    Province("SH", "310000", "上海市", "Shanghai Shi", "Municipality", "上海市人力资源和社会保障局"),
    Province("JS", "320000", "江苏省", "Jiangsu Sheng", "Province", "江苏省人力资源和社会保障厅"),
    Province("ZJ", "330000", "浙江省", "Zhejiang Sheng", "Province", "浙江省人力资源和社会保障厅"),
    Province("AH", "340000", "安徽省", "Anhui Sheng", "Province", "安徽省人力资源和社会保障厅"),
    Province("FJ", "350000", "福建省", "Fujian Sheng", "Province", "福建省人力资源和社会保障厅"),
    Province("JX", "360000", "江西省", "Jiangxi Sheng", "Province", "江西省人力资源和社会保障厅"),
    Province("SD", "370000", "山东省", "Shandong Sheng", "Province", "山东省人力资源和社会保障厅"),
    Province("HA", "410000", "河南省", "Henan Sheng", "Province", "河南省人力资源和社会保障厅"),
    Province("HB", "420000", "湖北省", "Hubei Sheng", "Province", "湖北省人力资源和社会保障厅"),
    Province("HN", "430000", "湖南省", "Hunan Sheng", "Province", "湖南省人力资源和社会保障厅"),
    Province("GD", "440000", "广东省", "Guangdong Sheng", "Province", "广东省人力资源和社会保障厅"),
    Province(
        "GX",
        "450000",
        "广西壮族自治区",
        "Guangxi Zhuangzu Zizhiqu",
        "Autonomous region",
        "广西壮族自治区人力资源和社会保障厅",
    ),
    Province("HI", "460000", "海南省", "Hainan Sheng", "Province", "海南省人力资源和社会保障厅"),
    Province("CQ", "500000", "重庆市", "Chongqing Shi", "Municipality", "重庆市人力资源和社会保障局"),
    Province("SC", "510000", "四川省", "Sichuan Sheng", "Province", "四川省人力资源和社会保障厅"),
    Province("GZ", "520000", "贵州省", "Guizhou Sheng", "Province", "贵州省人力资源和社会保障厅"),
    Province("YN", "530000", "云南省", "Yunnan Sheng", "Province", "云南省人力资源和社会保障厅"),
    Province(
        "XZ", "540000", "西藏自治区", "Xizang Zizhiqu", "Autonomous region", "西藏自治区人力资源和社会保障厅"
    ),
    Province("SN", "610000", "陕西省", "Shaanxi Sheng", "Province", "陕西省人力资源和社会保障厅"),
    Province("GS", "620000", "甘肃省", "Gansu Sheng", "Province", "甘肃省人力资源和社会保障厅"),
    Province("QH", "630000", "青海省", "Qinghai Sheng", "Province", "青海省人力资源和社会保障厅"),
    Province(
        "NX",
        "640000",
        "宁夏回族自治区",
        "Ningxia Huizu Zizhiqu",
        "Autonomous region",
        "宁夏回族自治区人力资源和社会保障厅",
    ),
    Province(
        "XJ",
        "650000",
        "新疆维吾尔自治区",
        "Xinjiang Uygur Zizhiqu",
        "Autonomous region",
        "新疆维吾尔自治区人力资源和社会保障厅",
    ),
)


class UnknownProvinceError(ValueError):
    """No province matches; ``suggestions`` lists close matches as 'JS 江苏省'."""

    def __init__(self, query: str, suggestions: list[str]) -> None:
        self.query = query
        self.suggestions = suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown province {query!r}.{hint}")


def _keys(p: Province) -> tuple[str, ...]:
    return (
        p.abbr.lower(),
        p.iso_3166_2.lower(),
        p.gb2260,
        p.gb2260[:2],
        p.name_zh,
        p.short_zh,
        p.name_en.lower(),
        p.short_en.lower(),
    )


_INDEX: dict[str, Province] = {key: p for p in PROVINCES for key in _keys(p)}


def find_province(query: str) -> Province:
    """Look a province up by abbreviation (JS), ISO code (CN-JS), GB/T 2260 code (320000),
    Chinese name (江苏省 / 江苏) or romanised name (Jiangsu), case-insensitively.

    Raises :class:`UnknownProvinceError` with close matches when nothing matches.
    """
    key = query.strip().lower().replace("_", "-")
    if key in _INDEX:
        return _INDEX[key]
    close = difflib.get_close_matches(key, list(_INDEX), n=6, cutoff=0.5)
    # One-letter slips between two-letter codes (HA/HE, SN/SX) are the common mistake.
    if len(key) == 2:
        close = [
            p.abbr.lower()
            for p in PROVINCES
            if sum(a != b for a, b in zip(p.abbr.lower(), key, strict=True)) == 1
        ] + close
    seen: list[str] = []
    for c in close:
        label = f"{_INDEX[c].abbr} {_INDEX[c].name_zh}"
        if label not in seen:
            seen.append(label)
    raise UnknownProvinceError(query, seen[:6])


def require_province(query: str) -> Province:
    """:func:`find_province` for what a user typed: an unknown province is a UsageError naming the close
    matches."""
    try:
        return find_province(query)
    except UnknownProvinceError as exc:
        hint_en = f"; did you mean {', '.join(exc.suggestions)}?" if exc.suggestions else ""
        hint_zh = f"；是否指：{'、'.join(exc.suggestions)}？" if exc.suggestions else ""
        raise UsageError(f"unknown province {query!r}{hint_en}", f"未知省份 {query!r}{hint_zh}") from None
