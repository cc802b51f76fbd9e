"""The JSON compiles (catalogtool/compiled.py) of the template spec and of the occupation code list:
current, equal to what their sources give, and never used once a source changes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from catalogtool.compiled import COMPILED, compile_yaml, compiled_path, load_yaml
from catalogtool.data import data_dir

REPO = Path(__file__).resolve().parent.parent


def _parse(path: Path) -> object:
    from ruamel.yaml import YAML

    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("folder", "name"), COMPILED)
def test_the_shipped_compile_is_current_and_equal_to_its_yaml(folder: str, name: str) -> None:
    source = data_dir(folder) / name
    target = compiled_path(source)
    assert target.read_text(encoding="utf-8") == compile_yaml(source), (
        f"{target} is stale: run python scripts/compile_data.py"
    )
    assert json.loads(target.read_text(encoding="utf-8"))["content"] == _parse(source)
    assert load_yaml(source) == _parse(source)


def test_compile_data_check_mode(capsys: pytest.CaptureFixture[str]) -> None:
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        from compile_data import main
    finally:
        sys.path.remove(str(REPO / "scripts"))
    assert main(["--check"]) == 0
    assert capsys.readouterr().err == ""


def test_an_edited_yaml_is_read_and_its_stale_compile_ignored(tmp_path: Path) -> None:
    source = tmp_path / "spec.yaml"
    source.write_text("layout:\n  title_row: 1\nname: 指导目录\n", encoding="utf-8")
    compiled_path(source).write_text(compile_yaml(source), encoding="utf-8")
    assert load_yaml(source) == {"layout": {"title_row": 1}, "name": "指导目录"}
    source.write_text("layout:\n  title_row: 2\nname: 指导目录\n", encoding="utf-8")  # same length
    assert load_yaml(source) == {"layout": {"title_row": 2}, "name": "指导目录"}


def test_the_compile_is_what_is_read_while_current(tmp_path: Path) -> None:
    """(A compile with other content but the source's fingerprint would be read: that is the contract
    that makes it fast, and why the shipped one is checked above.)"""
    source = tmp_path / "spec.yaml"
    source.write_text("a: 1\n", encoding="utf-8")
    compiled = json.loads(compile_yaml(source))
    compiled["content"] = {"a": "from the compile"}
    compiled_path(source).write_text(json.dumps(compiled), encoding="utf-8")
    assert load_yaml(source) == {"a": "from the compile"}


def test_a_missing_or_damaged_compile_falls_back_to_the_yaml(tmp_path: Path) -> None:
    source = tmp_path / "spec.yaml"
    source.write_text("a: [1, 2]\n", encoding="utf-8")
    assert load_yaml(source) == {"a": [1, 2]}
    compiled_path(source).write_text("{not json", encoding="utf-8")
    assert load_yaml(source) == {"a": [1, 2]}
    compiled_path(source).write_text("[1]", encoding="utf-8")
    assert load_yaml(source) == {"a": [1, 2]}


def test_values_json_cannot_carry_are_refused(tmp_path: Path) -> None:
    source = tmp_path / "spec.yaml"
    for text in ("valid_from: 2026-01-01\n", "1: a number as a key\n"):
        source.write_text(text, encoding="utf-8")
        with pytest.raises(ValueError, match="JSON cannot carry"):
            compile_yaml(source)


# --- the occupation code list (catalogtool/codes/load.py) -----------------------------------------


def test_the_shipped_code_list_compile_is_current() -> None:
    from catalogtool.codes.load import CODE_LIST_COMPILE, compile_code_list

    target = data_dir("occupation_codes") / CODE_LIST_COMPILE
    assert target.read_text(encoding="utf-8") == compile_code_list(), (
        f"{target} is stale: run python scripts/compile_data.py"
    )


def test_the_compiled_code_list_is_the_list_its_sources_give() -> None:
    """Every code with every field (texts included, read on first use), in the same order, the same
    labels; the texts are not read until asked for."""
    from catalogtool.codes.load import _from_compile, _load
    from catalogtool.codes.model import Deferred

    compiled, loaded = _from_compile(data_dir("occupation_codes")), _load((), True)
    assert compiled is not None
    unread = [c for c in compiled if type(c.__dict__["definition"]) is Deferred]
    assert len(unread) > 1000  # the occupations' texts wait in noc2022.json
    assert (compiled.label, compiled.label_zh) == (loaded.label, loaded.label_zh)
    assert [c.code for c in compiled] == [c.code for c in loaded]
    assert list(compiled) == list(loaded)  # compares every field, reading the texts
    renumbered = [c for c in compiled if c.renumbered_from and c.definition]
    assert renumbered  # a renumbered occupation keeps the texts of the code it replaces
    for code in renumbered:
        origin = compiled.get(code.renumbered_from or "")
        assert origin is not None and (code.definition, code.tasks) == (origin.definition, origin.tasks)


def test_a_changed_source_makes_the_code_list_compile_unused(tmp_path: Path) -> None:
    import shutil

    from catalogtool.codes.load import CODE_LIST_COMPILE, _from_compile

    shipped = data_dir("occupation_codes")
    for name in ("noc2022.json", "amendments.csv", CODE_LIST_COMPILE):
        shutil.copy(shipped / name, tmp_path / name)
    assert _from_compile(tmp_path) is not None
    amendments = tmp_path / "amendments.csv"
    amendments.write_bytes(amendments.read_bytes().replace(b"2024-07", b"2024-08", 1))  # same length
    assert _from_compile(tmp_path) is None
    (tmp_path / "amendments.csv").unlink()
    assert _from_compile(tmp_path) is None
