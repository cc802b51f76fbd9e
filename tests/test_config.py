"""Every command reads the workspace's catalogtool.yaml the same way."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import RunCli


def test_codes_and_rules_speak_the_workspace_language(tmp_path: Path, run_cli: RunCli) -> None:
    (tmp_path / "catalogtool.yaml").write_text("lang: zh\n", encoding="utf-8")
    assert "大类" in run_cli("codes", "show", "2", cwd=tmp_path).stdout
    assert "Level: major" in run_cli("codes", "show", "2", "--lang", "en", cwd=tmp_path).stdout
    assert "小类代码不存在" in run_cli("explain", "CT201", cwd=tmp_path).stdout


def test_codes_use_the_workspace_amendments(tmp_path: Path, run_cli: RunCli) -> None:
    (tmp_path / "extra.csv").write_text(
        "batch,occupation_code,occupation_name,subcategory_code,renumbered_from\n"
        "2026-01,2-02-38-99,测试新职业,2-02-38,\n",
        encoding="utf-8",
    )
    (tmp_path / "catalogtool.yaml").write_text("codes_extra: [extra.csv]\n", encoding="utf-8")
    result = run_cli("codes", "show", "2-02-38-99", "--lang", "en", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "测试新职业" in result.stdout
