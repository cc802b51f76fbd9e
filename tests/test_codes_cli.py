"""`catalogtool codes show|list|search|suggest` through the real CLI (one subprocess per call)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REFERENCE, RunCli


def test_list_subcategories_as_json_gives_the_450_official_names(run_cli: RunCli) -> None:
    result = run_cli("codes", "list", "--level", "subcategory", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == 450
    assert rows[0] == {
        "code": "1-01-00",
        "name": "中国共产党机关和基层组织负责人",
        "level": "subcategory",
        "parent": "1-01",
        "green": None,
        "digital": None,
        "edition": "2022",
        "renumbered_to": None,
        "renumbered_from": None,
    }
    reference = REFERENCE / "noc2022" / "classification.csv"
    with reference.open(encoding="utf-8", newline="") as handle:
        expected = [(r["code"], r["name"]) for r in csv.DictReader(handle) if r["level"] == "3"]
    assert [(r["code"], r["name"]) for r in rows] == expected


def test_list_under_a_code_at_one_level(run_cli: RunCli) -> None:
    result = run_cli("codes", "list", "--under", "2-2-38", "--level", "occupation", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["code"] for r in rows] == [f"2-02-38-{n:02d}" for n in range(1, 14)]
    assert rows[10]["name"] == "增材制造工程技术人员" and rows[10]["green"] is True
    assert "read '2-2-38' as 2-02-38 (padding)" in result.stderr


def test_list_text_is_an_indented_tree(run_cli: RunCli) -> None:
    result = run_cli("codes", "list", "--under", "1-01")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "1-01-00  中国共产党机关和基层组织负责人",
        "  1-01-00-01  中国共产党机关负责人",
        "  1-01-00-02  中国共产党基层组织负责人",
    ]


def test_show_a_dirty_subcategory_as_json(run_cli: RunCli) -> None:
    result = run_cli("codes", "show", "２－０２－１０", "--format", "json")
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert (shown["code"], shown["name"], shown["level"], shown["parent"]) == (
        "2-02-10",
        "信息和通信工程技术人员",
        "subcategory",
        "2-02",
    )
    assert shown["normalized_from"] == "２－０２－１０" and shown["changes"] == ["full-width"]
    assert [a["code"] for a in shown["ancestors"]] == ["2-02", "2"]
    assert [o["code"] for o in shown["occupations"]] == [f"2-02-10-0{n}" for n in range(1, 9)]
    assert shown["occupations"][2]["name"] == "计算机软件工程技术人员"
    assert shown["residual"] is False and shown["edition"] == "2022"


def test_show_an_occupation_as_json(run_cli: RunCli) -> None:
    result = run_cli("codes", "show", "4-13-04-04", "--format", "json")
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert (shown["name"], shown["level"], shown["green"], shown["digital"]) == (
        "研学旅行指导师",
        "occupation",
        False,
        False,
    )
    assert shown["definition"].startswith("策划、制定、实施研学")
    assert shown["tasks"][0] == "收集研学受众需求和研学资源等信息"
    assert "normalized_from" not in shown and "occupations" not in shown


def test_show_text_in_chinese_says_what_it_normalised(run_cli: RunCli) -> None:
    result = run_cli("codes", "show", "2-2-10 信息和通信工程技术人员", "--lang", "zh")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "已将“2-2-10 信息和通信工程技术人员”规范为 2-02-10（补零、代码后附名称）"
    assert lines[1] == "2-02-10  信息和通信工程技术人员"
    assert "  上级：2-02 工程技术人员 › 2 专业技术人员" in lines
    assert "    2-02-10-03  计算机软件工程技术人员 S" in lines
    assert "None" not in result.stdout


def test_show_text_of_a_renumbered_occupation(run_cli: RunCli) -> None:
    result = run_cli("codes", "show", "2-02-32-00", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "  Edition: 2022; → 2-02-32-01" in result.stdout.splitlines()
    assert "  Markers: not given by the sources" in result.stdout.splitlines()
    assert "None" not in result.stdout


def test_an_unknown_code_exits_1_with_the_nearest_codes(run_cli: RunCli) -> None:
    result = run_cli("codes", "show", "2-02-45", "--lang", "en")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "2-02-45 is not in NOC 2022 (+2024-07, +2025-07). Nearest valid codes:"
    assert lines[1] == "  2-02-35  康复辅具工程技术人员  (subcategory)"
    assert len(lines) == 6


def test_an_unknown_code_as_json(run_cli: RunCli) -> None:
    result = run_cli("codes", "show", "2—20—10—01", "--format", "json")
    assert result.returncode == 1
    shown = json.loads(result.stdout)
    assert (shown["code"], shown["found"], shown["changes"]) == ("2-20-10-01", False, ["dash"])
    assert shown["nearest"][0]["code"] == "2-02-10-01"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("codes", "list", "--level", "bogus"), "unknown --level 'bogus'"),
        (("codes", "search", "x", "--format", "yaml"), "unknown --format 'yaml'"),
        (("codes", "show", "not-a-code"), "'not-a-code' is not an occupation code"),
        (("codes", "show", "2-2-3"), "'2-2-3' is not a complete code: its last part needs two digits"),
    ],
)
def test_usage_errors_exit_2_with_one_line(run_cli: RunCli, args: tuple[str, ...], message: str) -> None:
    result = run_cli(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_search_ranks_names_first(run_cli: RunCli) -> None:
    result = run_cli("codes", "search", "集成电路", "--limit", "3", "--format", "json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert [f["code"] for f in found] == ["2-02-38-09", "6-25-02-06", "2-06-12-02"]
    assert found[0]["score"] > found[1]["score"] > found[2]["score"]


def test_search_by_an_unfinished_code_lists_what_it_starts(run_cli: RunCli) -> None:
    result = run_cli("codes", "search", "2-02-1", "--limit", "3", "--lang", "en")
    assert result.returncode == 0, result.stderr
    rows = [line.split()[0] for line in result.stdout.splitlines()[1:]]
    assert rows == ["2-02-10", "2-02-11", "2-02-12"]


def test_suggest_a_chip_designer_as_json_and_text(run_cli: RunCli) -> None:
    result = run_cli("codes", "suggest", "芯片设计工程师", "--limit", "2", "--format", "json")
    assert result.returncode == 0, result.stderr
    top = json.loads(result.stdout)
    assert len(top) == 2
    assert (top[0]["code"], top[0]["name"]) == ("2-02-38-09", "集成电路工程技术人员")
    assert top[0]["subcategory"] == {
        "code": "2-02-38",
        "name": "数字技术工程技术人员",
        "level": "subcategory",
    }
    assert top[0]["reasons"][0] == "alias 射频芯片设计 shares 芯片设计"
    assert top[0]["reasons_zh"][0] == "常用岗位名 射频芯片设计 含「芯片设计」"
    text = run_cli("codes", "suggest", "芯片设计工程师", "--limit", "1", "--lang", "zh")
    assert text.returncode == 0, text.stderr
    assert text.stdout.splitlines()[:3] == [
        "1. 2-02-38-09  集成电路工程技术人员  （细类，匹配度 0.46）",
        "   小类：2-02-38  数字技术工程技术人员",
        "   · 常用岗位名 射频芯片设计 含「芯片设计」",
    ]


def test_codes_extra_adds_a_batch_and_bad_files_exit_2(run_cli: RunCli, tmp_path: Path) -> None:
    good = tmp_path / "增补.csv"
    good.write_bytes(
        "batch,occupation_code,occupation_name,subcategory_code,renumbered_from\n"
        "2026-03,2-02-10-09,量子通信工程技术人员,2-02-10,\n".encode("gb18030")
    )
    result = run_cli("codes", "show", "2-02-10-09", "--codes-extra", good, "--format", "json")
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert (shown["name"], shown["edition"]) == ("量子通信工程技术人员", "2026-03")
    assert shown["code_list"] == "NOC 2022 (+2024-07, +2025-07, +2026-03)"
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "batch,occupation_code,occupation_name,subcategory_code,renumbered_from\n2026-03,2-02-97-01,x,2-02-97,\n",
        encoding="utf-8",
    )
    result = run_cli(
        "codes", "list", "--codes-extra", good, "--codes-extra", bad, env={"CATALOGTOOL_LANG": "zh"}
    )
    assert result.returncode == 2
    assert result.stderr == f"catalogtool: {bad}:2：小类 2-02-97 不存在\n"


@pytest.mark.parametrize("args", [("codes", "show", "2"), ("codes", "list")])
def test_a_reader_closing_the_pipe_early_ends_the_command_quietly(args: tuple[str, ...]) -> None:
    """`catalogtool codes show 2 | head -1`: the pipe closes before the output is written."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first write
    env = {**os.environ, "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "catalogtool", *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            env=env,
            timeout=60,
            check=False,
        )
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (0, b"")
