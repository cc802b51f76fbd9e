"""One run shares its code list, schema checker and memo across files: findings are as if alone."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from catalogtool.validate import Request, run

HEADER = "小类代码,小类名称,岗位名称,产业领域,学历要求,工作经历要求,专业技能要求,薪酬待遇,年龄要求\n"
ROWS = (
    "2-02-10,工程技术人员,芯片设计工程师,集成电路,硕士及以上,3年以上,熟悉前沿技术,4倍,60周岁以下\n"
    "2-02-10,工程技术人员,算法工程师,人工智能,高中,六十年,熟悉前沿技术,0.5倍,90周岁以下\n"
    "9-99-99,不存在的小类,架构师,集成电路,硕士,3年以上,,4倍,\n"
    "2-02-10,工程技术人员,芯片设计工程师,集成电路,硕士及以上,3年以上,熟悉前沿技术,4倍,60周岁以下\n"
)


def test_files_checked_together_report_what_each_reports_alone(tmp_path: Path) -> None:
    first = tmp_path / "a" / "catalog.csv"
    second = tmp_path / "b" / "草稿.csv"
    for path in (first, second):
        path.parent.mkdir()
        path.write_text(HEADER + ROWS, encoding="utf-8")
    together = run(Request(files=(first, second, first)))
    alone = [run(Request(files=(path,))).files[0] for path in (first, second, first)]
    assert together.files == tuple(alone)
    assert together.files[0].findings  # the sample has findings: the comparison says something
    # The second file's findings name the second file, though their verdicts came from the memo.
    assert {f.location.file for f in together.files[1].findings} == {str(second)}
    assert [replace(f, location=replace(f.location, file="")) for f in together.files[1].findings] == [
        replace(f, location=replace(f.location, file="")) for f in together.files[0].findings
    ]


def test_a_column_one_file_lacks_is_still_required_in_the_next(tmp_path: Path) -> None:
    """The memo is shared by the run's files, but a blank required cell is an error only where the file has
    the column (a missing column is CT101 once): the first file's verdict must not hide the second's."""
    lacking = tmp_path / "a.csv"
    lacking.write_text(
        "序号,小类代码,小类名称,相关职业代码,岗位名称,学历要求\n1,2-02-10,,,工程师,\n", "utf-8"
    )
    having = tmp_path / "b.csv"
    having.write_text(
        "序号,小类代码,小类名称,相关职业代码,岗位名称,学历要求,工作经历要求\n1,2-02-10,,,工程师,,\n", "utf-8"
    )

    together = run(Request(files=(lacking, having)))
    alone = run(Request(files=(having,)))
    assert [(f.rule, f.location.cell) for f in together.files[1].findings if f.rule == "CT301"] == [
        ("CT301", "C2"),
        ("CT301", "F2"),
        ("CT301", "G2"),
    ]
    assert together.files[1] == alone.files[0]
