"""Seams between commands found by using the tool end to end as a provincial HR officer would."""

from __future__ import annotations

import re
from pathlib import Path

from catalogtool.validate import validate_file

HEADER = "序号,小类代码,小类名称,相关职业代码,岗位名称,产业领域,学历要求,工作经历,专业技能,备注\n"


def test_code_normalised_message_in_chinese_has_no_english_words(tmp_path: Path) -> None:
    """CT208 said 已将“２－０２－１０”识别为 2-02-10（full-width）: the kind of change is said in Chinese."""
    path = tmp_path / "c.csv"
    path.write_text(
        HEADER
        + "1,２－０２－１０,信息和通信工程技术人员,,架构师,软件,硕士,3,熟悉,\n"
        + "2,2—02—10,信息和通信工程技术人员,,网络工程师,软件,硕士,3,熟悉,\n"
        + "3,2-2-38,数字技术工程技术人员,,算法工程师,软件,硕士,3,熟悉,\n",
        encoding="utf-8",
    )
    found = [f for f in validate_file(path).findings if f.rule == "CT208"]
    assert [(f.message_zh, f.message_en) for f in found] == [
        ("已将“２－０２－１０”识别为 2-02-10（全角字符）", "Read '２－０２－１０' as 2-02-10 (full-width)"),
        ("已将“2—02—10”识别为 2-02-10（其他连接符）", "Read '2—02—10' as 2-02-10 (dash)"),
        ("已将“2-2-38”识别为 2-02-38（补零）", "Read '2-2-38' as 2-02-38 (padding)"),
    ]
    for finding in found:
        assert not re.search(r"[A-Za-z]{3,}", finding.message_zh.replace("CT", ""))
