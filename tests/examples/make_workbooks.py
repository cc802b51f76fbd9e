"""Build the xlsx example cases of tests/examples/ (run: python tests/examples/make_workbooks.py).

The workbooks are laid out as provincial governments publish their tables: an explanation sheet
first, title and validity lines, a two-level 能力要求 header, section rows (一、集成电路（8个）),
category columns merged down over the posts under them, and 注 lines and a signature line under the
table. The committed .xlsx files are what this script writes; tests/test_examples.py checks that
they still hold the cells and merges defined here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent

Row = Sequence[object]

TOP = ["序号", "所属产业", "职业分类", None, "相关职业代码", "具体岗位", "能力要求", None, None, None, None]
TOP += ["年龄要求", "备注"]
SUB = [None, None, "小类代码", "小类名称", None, None, "学历（学位）", "相关工作经历", "专业能力要求"]
SUB += ["职业资格", "工资性年收入", None, None]
HEADER_MERGES = ["A3:A4", "B3:B4", "C3:D3", "E3:E4", "F3:F4", "G3:K3", "L3:L4", "M3:M4"]
SKILL = "熟悉相关领域前沿技术，具有独立承担研发项目的经验"
SKILL2 = "具有较强的研发能力和团队管理能力"
AGE = "原则上不超过60周岁，确有需要的可适当放宽"
PAY = "工资性年收入不低于本地区上年度社会平均工资收入4倍"
NOTES = [
    "注：1. 本目录所列岗位的能力要求为最低要求，用人单位可在此基础上提高要求。",
    "2. 学历（学位）以教育部门认可的学历学位证书为准；工作经历指与岗位相关的全职工作经历。",
    "（以下空白）",
]
SIGNATURE = ["填报单位（盖章）：江苏省人力资源和社会保障厅", None, None, None, None, None, None, None, "日期：2025年10月"]


@dataclass
class Book:
    """A workbook to build: sheets of rows (written from A1) and merged ranges per sheet."""

    sheets: dict[str, list[Row]]
    merges: dict[str, list[str]] = field(default_factory=dict)

    def save(self, path: Path) -> None:
        import openpyxl

        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        for name, rows in self.sheets.items():
            ws = wb.create_sheet(name)
            for row in rows:
                ws.append(list(row))
            for span in self.merges.get(name, []):
                ws.merge_cells(span)
        path.parent.mkdir(parents=True, exist_ok=True)
        wb.save(path)


def _post(seq: int, code: str | None, name: str | None, occ: str, post: str, *req: object) -> list[object]:
    return [seq, None, code, name, occ, post, *req]


def gov_draft() -> Book:
    """A 23-row provincial draft as governments lay it out, with a few real defects among the rows."""
    explanation = [
        ["编制说明"],
        ["一、根据人力资源社会保障部通知要求，按照《职业分类大典（2022年版）》小类编制。"],
        ["二、本目录经征求行业协会、人力资源服务机构意见后形成。"],
    ]
    b, m = "学士及以上学位", "硕士研究生及以上"
    rows: list[Row] = [
        ["江苏省外国人来华工作指导目录（2026年版）（征求意见稿）"],
        ["有效期：2026年1月1日至2027年12月31日"],
        TOP,
        SUB,
        ["一、集成电路（8个）"],
        _post(1, "2-02-09", "电子工程技术人员", "2-02-09-02", "芯片设计工程师", b, "2年及以上相关工作经历", SKILL, None, PAY, AGE),
        _post(2, None, None, "2-02-09-02", "版图设计工程师", "本科及以上", "三年以上", SKILL, None, PAY, AGE),
        _post(3, None, None, "2-02-09-01", "半导体材料工程师", b, "不少于3年", SKILL, None, PAY, AGE),
        _post(4, "2-02-10", "信息和通信工程技术人员", "2-02-10-03", "EDA软件工程师", b, "5年以上", SKILL, None, PAY, AGE),
        _post(5, None, None, "2-02-10-06", "嵌入式软件工程师", "本科及以上", "2年及以上相关工作经历", SKILL, None, PAY, "不超过60周岁"),
        _post(6, None, None, "2-02-10-09", "人工智能芯片架构师", m, "5年以上", SKILL2, None, PAY, AGE),
        _post(7, "2-02-07", "机械工程技术人员", "2-02-07-03", "半导体设备工程师", b, "三年以上", SKILL, None, "年薪不低于50万元", AGE),
        _post(8, None, None, "2-02-07-01", "精密机械设计师", "本科及以上", "2年及以上相关工作经历", SKILL, None, "$100k", "60岁以下"),
        ["二、生物医药（7个）"],
        _post(9, "2-02-32", "制药工程技术人员", "2-02-32-01", "药物研发工程师", m, "3年以上", SKILL, None, PAY, AGE),
        _post(10, None, None, "2-02-32-02", "生物工程工程师", b, "2年及以上相关工作经历", SKILL, None, PAY, AGE),
        _post(11, None, None, "2-02-32-01", "药品注册专员", b, "不少于3年", SKILL2, None, "面议", AGE),
        _post(12, "2-05-01", "临床和口腔医师", "2-05-01-01", "临床研究医师", "研究生", "5年以上", SKILL, "执业医师资格", PAY, AGE),
        _post(13, None, None, "2-05-01-02", "外科专家", "研究生", "5年以上", SKILL, "执业医师资格", PAY, "65周岁以下"),
        _post(14, "2-05-06", "药学技术人员", "2-05-06-01", "临床药师", b, "2年及以上相关工作经历", SKILL, "药师资格", PAY, AGE),
        _post(15, None, None, "2-05-06-01", "药物警戒专员", "本科及以上", "2年及以上相关工作经历", SKILL2, None, PAY, AGE),
        ["三、教育文化（8个）"],
        _post(16, "2-08-01", "高等学校教师", "2-08-01-01", "外籍语言教师", b, "2年及以上语言教育工作经历", SKILL, None, PAY, AGE),
        _post(17, None, None, "2-08-01-01", "学科带头人", "博士", "5年以上", SKILL2, None, PAY, AGE),
        _post(18, None, None, "2-08-01-02", "职业教育专业教师", b, "三年以上", SKILL, None, PAY, AGE),
        _post(19, "2-09-01", "文艺创作与编导人员", "2-09-01-06", "影视导演", "本科及以上", "5年以上", SKILL2, None, "10万美元", AGE),
        _post(20, None, None, "2-09-01-04", "作曲", "本科及以上", "5年以上", SKILL2, None, PAY, AGE),
        _post(21, "2-06-07", "商务专业人员", "2-06-07-01", "国际商务经理", b, "不少于3年", SKILL2, None, PAY, AGE),
        _post(22, None, None, "2-06-07-02", "海外市场总监", b, "5年以上", SKILL2, None, PAY, AGE),
        _post(23, None, None, "2-06-07-04", "品牌总监", b, "5年以上", SKILL2, None, PAY, AGE),
        [NOTES[0]],
        [NOTES[1]],
        [NOTES[2]],
        [],
        SIGNATURE,
    ]
    # Row numbers (Excel): sections at 5, 14, 22; posts 6-13, 15-21, 23-30; notes 31-33; signature 35.
    merges = [
        "A1:M1",
        "A2:M2",
        *HEADER_MERGES,
        "A5:M5",
        "A14:M14",
        "A22:M22",
        "B6:B13",  # 所属产业 merged down each section's posts
        "B15:B21",
        "B23:B30",
        "C6:C8",  # 小类代码 / 小类名称 merged over the posts of one subcategory
        "D6:D8",
        "C9:C11",
        "D9:D11",
        "C12:C13",
        "D12:D13",
        "C15:C17",
        "D15:D17",
        "C18:C19",
        "D18:D19",
        "C20:C21",
        "D20:D21",
        "C23:C25",
        "D23:D25",
        "C26:C27",
        "D26:D27",
        "C28:C30",
        "D28:D30",
        "A31:M31",
        "A32:M32",
        "A33:M33",
    ]
    for number, industry in ((6, "集成电路"), (15, "生物医药"), (23, "教育文化")):
        rows[number - 1][1] = industry
    return Book({"编制说明": explanation, "目录": rows}, {"目录": merges})


BOOKS = {"invalid/gov-draft": gov_draft}


def build(names: Sequence[str] = ()) -> list[Path]:
    """Write the named cases (all by default); return the paths written."""
    out = []
    for name, make in BOOKS.items():
        if names and name not in names:
            continue
        path = HERE / name / "catalog.xlsx"
        make().save(path)
        out.append(path)
    return out


if __name__ == "__main__":
    import sys

    for written in build(sys.argv[1:]):
        print(written)
