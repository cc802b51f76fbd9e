"""CI integrations: every format end to end through the CLI, the pre-commit hook, the GitHub Action."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import REPO, RunCli, save_xlsx
from ruamel.yaml import YAML

from catalogtool.model import FIELD_LABELS
from catalogtool.report import FORMATS

GOOD_ROW = {
    "seq": 1,
    "subcategory_code": "2-02-10",
    "subcategory_name": "信息和通信工程技术人员",
    "occupation_codes": "2-02-10-03",
    "position": "工业软件架构师",
    "industry": "软件和信息服务",
    "education": "学士",
    "experience_years": "5年及以上",
    "skills": "熟悉相关领域前沿技术，具有独立承担研发项目的经验",
    "age_max": "60周岁以下",
}
HEADERS = [FIELD_LABELS[key][0] for key in GOOD_ROW]


def load_yaml(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """provinces/JS/catalog.xlsx (valid) and provinces/GD/catalog.csv (GB18030, an unknown code)."""
    good = tmp_path / "provinces" / "JS" / "catalog.xlsx"
    good.parent.mkdir(parents=True)
    save_xlsx(good, HEADERS, list(GOOD_ROW.values()), title="指导目录")
    bad = tmp_path / "provinces" / "GD" / "catalog.csv"
    bad.parent.mkdir(parents=True)
    row = {**GOOD_ROW, "subcategory_code": "2-02-45", "subcategory_name": "新兴技术工程技术人员"}
    lines = [",".join(HEADERS), ",".join(str(v) for v in row.values())]
    bad.write_bytes(("\r\n".join(lines) + "\r\n").encode("gb18030"))
    return tmp_path


GOOD = "provinces/JS/catalog.xlsx"
BAD = "provinces/GD/catalog.csv"


def test_the_cli_format_choices_are_exactly_the_registry() -> None:
    from catalogtool.commands.validate import FORMAT_NAMES

    assert tuple(FORMATS) == tuple(FORMAT_NAMES)


def test_every_format_end_to_end_on_a_bad_draft(run_cli: RunCli, workspace: Path) -> None:
    outputs = {}
    for fmt in FORMATS:
        result = run_cli("validate", "--format", fmt, "--lang", "en", BAD, cwd=workspace)
        assert result.returncode == 1, (fmt, result.stderr)
        outputs[fmt] = result.stdout
    assert "CT201" in outputs["text"] and "NOT valid" in outputs["text"]
    data = json.loads(outputs["json"])
    assert data["file"] == BAD and data["valid"] is False and data["encoding"]
    rows = {(f["rule"], f["row"], f["column"]) for f in data["findings"]}
    assert ("CT201", 2, "B") in rows
    assert re.search(
        r"^::error file=provinces/GD/catalog\.csv,line=2,col=2,title=CT201 ", outputs["github"], re.M
    )
    sarif = json.loads(outputs["sarif"])
    results = sarif["runs"][0]["results"]
    assert any(
        r["ruleId"] == "CT201" and r["locations"][0]["physicalLocation"]["region"]["startLine"] == 2
        for r in results
    )
    suite = ET.fromstring(outputs["junit"]).find("testsuite")
    assert suite is not None and suite.get("name") == BAD and int(suite.get("failures", "0")) >= 1
    issues = json.loads(outputs["codequality"])
    assert any(i["check_name"].startswith("CT201 ") and i["location"]["lines"]["begin"] == 2 for i in issues)


def test_format_from_the_environment_and_a_bad_one_is_exit_2(run_cli: RunCli, workspace: Path) -> None:
    result = run_cli("validate", GOOD, cwd=workspace, env={"CATALOGTOOL_FORMAT": "json"})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["valid"] is True
    wrong = run_cli("validate", GOOD, cwd=workspace, env={"CATALOGTOOL_FORMAT": "xml"})
    assert wrong.returncode == 2 and "xml" in wrong.stderr and "Traceback" not in wrong.stderr


# --- pre-commit -------------------------------------------------------------------------------


def hooks() -> dict[str, dict[str, Any]]:
    return {hook["id"]: hook for hook in load_yaml(REPO / ".pre-commit-hooks.yaml")}


def test_pre_commit_hook_pattern_selects_catalog_files_only() -> None:
    assert set(hooks()) == {"catalogtool-validate", "catalogtool-validate-workspace"}
    hook = hooks()["catalogtool-validate"]
    assert hook["entry"] == "catalogtool validate" and hook["language"] == "python"
    pattern = re.compile(hook["files"])
    for path in ("provinces/JS/catalog.xlsx", "provinces/GD/catalog.csv", "provinces/BJ/catalog.yml"):
        assert pattern.search(path), path
    for path in (
        "provinces/JS/province.yaml",
        "provinces/JS/consultation.yaml",
        "provinces/js/catalog.xlsx",
        "provinces/JS/catalog.xls",
        "catalog.xlsx",
        "docs/provinces/JS/catalog.xlsx",
        ".pre-commit-config.yaml",
    ):
        assert not pattern.search(path), path


def test_pre_commit_hook_entry_passes_a_good_file_and_blocks_a_bad_one(workspace: Path) -> None:
    hook = hooks()["catalogtool-validate"]
    # pre-commit runs `entry` with the staged paths appended, from the repository root.
    argv = shlex.split(hook["entry"])
    assert argv[0] == "catalogtool"
    command = [sys.executable, "-m", "catalogtool", *argv[1:]]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CATALOGTOOL_", "GITHUB_"))}
    env.update({"LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"})

    def run(*paths: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*command, *paths], cwd=workspace, env=env, capture_output=True, text=True)

    good = run(GOOD)
    assert good.returncode == 0, good.stdout + good.stderr
    bad = run(GOOD, BAD)
    assert bad.returncode == 1, bad.stderr
    assert "CT201" in bad.stdout


def test_pre_commit_workspace_hook_validates_the_whole_workspace(workspace: Path) -> None:
    hook = hooks()["catalogtool-validate-workspace"]
    assert hook["pass_filenames"] is False and hook["language"] == "python"
    pattern = re.compile(hook["files"])
    assert pattern.search("provinces/JS/consultation.yaml") and not pattern.search("docs/readme.md")
    argv = shlex.split(hook["entry"])
    assert argv[:3] == ["catalogtool", "validate", "."]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CATALOGTOOL_", "GITHUB_"))}
    env.update({"LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"})
    # pre-commit adds the hook's args after the entry, from the repository root.
    command = [sys.executable, "-m", "catalogtool", *argv[1:], "--lang", "en"]
    (workspace / "provinces" / "GD" / "catalog.csv").unlink()
    sample = REPO / "samples" / "JS" / "provinces" / "JS"
    for name in ("province.yaml", "consultation.yaml"):
        (workspace / "provinces" / "JS" / name).write_bytes((sample / name).read_bytes())
    result = subprocess.run(command, cwd=workspace, env=env, capture_output=True, text=True)
    assert "provinces/JS/province.yaml" in result.stdout and "provinces/JS/consultation.yaml" in result.stdout
    assert result.returncode in {0, 1}, result.stderr
    text = (workspace / "provinces" / "JS" / "province.yaml").read_text(encoding="utf-8")
    (workspace / "provinces" / "JS" / "province.yaml").write_text(
        text.replace("validity_years: 4", "validity_years: 9"), "utf-8"
    )
    blocked = subprocess.run([*command, "--strict"], cwd=workspace, env=env, capture_output=True, text=True)
    assert blocked.returncode == 1 and "CT505" in blocked.stdout, blocked.stdout


# --- GitHub Action ----------------------------------------------------------------------------


def action() -> dict[str, Any]:
    data = load_yaml(REPO / "action.yml")
    assert isinstance(data, dict)
    return data


def test_action_is_composite_and_only_uses_inputs_and_outputs_it_declares() -> None:
    spec = action()
    assert spec["runs"]["using"] == "composite"
    text = (REPO / "action.yml").read_text(encoding="utf-8")
    used_inputs = set(re.findall(r"inputs\.([\w-]+)", text))
    assert used_inputs == set(spec["inputs"])
    steps = spec["runs"]["steps"]
    written = {
        m for s in steps for m in re.findall(r"echo \"([\w-]+)=\S* >> \"\$GITHUB_OUTPUT\"", s.get("run", ""))
    }
    read = set(re.findall(r"steps\.validate\.outputs\.([\w-]+)", text))
    assert read <= written == {"exit-code", "sarif-file"}
    for step in steps:
        if "run" in step:
            assert "${{" not in step["run"], f"step {step['name']!r} pastes an expression into its script"
            assert step["shell"] == "bash"
            subprocess.run(["bash", "-n"], input=step["run"], text=True, check=True)
    uses = [s["uses"] for s in steps if "uses" in s]
    assert uses == ["actions/setup-python@v5", "github/codeql-action/upload-sarif@v3"]


def run_validate_step(root: Path, tmp_path: Path, **inputs: str) -> tuple[dict[str, str], str, str]:
    """Run the action's Validate step as the runner would, with catalogtool from this venv."""
    step = next(s for s in action()["runs"]["steps"] if s.get("id") == "validate")
    spec_inputs = action()["inputs"]
    out, summary = tmp_path / "github_output", tmp_path / "step_summary"
    out.write_text("")
    summary.write_text("")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CATALOGTOOL_", "GITHUB_"))}
    env.update({"LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8", "RUNNER_TEMP": str(tmp_path)})
    env.update({"GITHUB_OUTPUT": str(out), "GITHUB_STEP_SUMMARY": str(summary)})
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    for name, value in step["env"].items():
        m = re.fullmatch(r"\$\{\{ inputs\.([\w-]+) \}\}", value)
        assert m, value
        env[name] = inputs.get(m[1].replace("-", "_"), str(spec_inputs[m[1]].get("default", "")))
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    outputs = dict(line.split("=", 1) for line in out.read_text().splitlines())
    return outputs, result.stdout, summary.read_text(encoding="utf-8")


def test_action_validate_step_annotates_and_writes_sarif(workspace: Path, tmp_path: Path) -> None:
    outputs, log, summary = run_validate_step(
        workspace, tmp_path, paths=f"{GOOD} provinces/*/catalog.csv", upload_sarif="true"
    )
    assert outputs["exit-code"] == "1"
    assert re.search(r"^::error file=provinces/GD/catalog\.csv,line=2,col=2,title=CT201 ", log, re.M)
    assert "## catalogtool 校验结果" in summary and summary.count("## catalogtool") == 1
    sarif = json.loads(Path(outputs["sarif-file"]).read_text(encoding="utf-8"))
    assert Path(outputs["sarif-file"]).parent == tmp_path
    assert {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]
    } >= {BAD}


def test_action_validate_step_on_good_files_and_on_nothing(workspace: Path, tmp_path: Path) -> None:
    outputs, _, _ = run_validate_step(workspace, tmp_path, paths="provinces/JS/catalog.*", strict="true")
    assert outputs == {"exit-code": "0"}
    outputs, log, _ = run_validate_step(workspace, tmp_path, paths="provinces/XX/catalog.*")
    assert outputs == {"exit-code": "2"}
    assert log.startswith("::error title=catalogtool::no catalog files match")


def test_action_validates_the_whole_workspace_by_default(workspace: Path, tmp_path: Path) -> None:
    # A province.yaml problem is found only when the workspace, not just catalog files, is validated.
    sample = (REPO / "samples" / "JS" / "provinces" / "JS" / "province.yaml").read_text(encoding="utf-8")
    sample = sample.replace("catalog: catalog.xlsx\n", "")  # found by name: xlsx in JS, csv in GD
    for code, name in (("JS", "江苏"), ("GD", "广东")):
        meta = sample.replace("province: JS", f"province: {code}").replace("江苏", name)
        if code == "JS":
            meta = meta.replace("validity_years: 4", "validity_years: 9")
        (workspace / "provinces" / code / "province.yaml").write_text(meta, encoding="utf-8")
    outputs, log, _ = run_validate_step(workspace, tmp_path, sarif_file=str(tmp_path / "ws.sarif"))
    assert outputs["exit-code"] in {"1", "2"}, log
    assert re.search(r"^::\w+ file=provinces/JS/province\.yaml", log, re.M), log
    assert re.search(r"^::error file=provinces/GD/catalog\.csv,line=2,col=2,title=CT201 ", log, re.M)
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in json.loads(Path(outputs["sarif-file"]).read_text(encoding="utf-8"))["runs"][0]["results"]
    }
    assert {BAD, "provinces/JS/province.yaml"} <= uris
    # Files named in `paths` switch back to validating just those files.
    outputs, log, _ = run_validate_step(workspace, tmp_path, paths=GOOD)
    assert outputs == {"exit-code": "0"} and "province.yaml" not in log
    # A workspace folder elsewhere in the repository.
    (workspace / "catalogs").mkdir()
    (workspace / "provinces").rename(workspace / "catalogs" / "provinces")
    outputs, log, _ = run_validate_step(workspace, tmp_path, workspace="catalogs")
    assert re.search(r"^::error file=catalogs/provinces/GD/catalog\.csv,line=2", log, re.M), log


def test_action_script_survives_set_u_on_old_bash() -> None:
    # bash 3.2 (macOS runners) treats "${args[@]}" of an empty array as unbound under `set -u`.
    for step in action()["runs"]["steps"]:
        script = step.get("run", "")
        bare = re.findall(r'(?<!\+)"\$\{(\w+)\[@\]\}"', script)
        guarded = re.findall(r'\$\{(\w+)\[@\]\+"\$\{\1\[@\]\}"\}', script)
        assert set(bare) <= {"targets"}, f'{step["name"]}: {bare} may be empty; use ${{a[@]+"${{a[@]}}"}}'
        assert "set -u" not in script or "args" not in script or guarded


def test_docs_workflow_example_uses_real_action_inputs() -> None:
    text = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    workflow = next(YAML(typ="safe").load(b) for b in blocks if b.startswith("name: Guidance Catalog"))
    steps = workflow["jobs"]["validate"]["steps"]
    ours = next(s for s in steps if "/catalogtool@" in s.get("uses", ""))
    assert set(ours["with"]) <= set(action()["inputs"])
    assert workflow["permissions"]["security-events"] == "write"
    for name in action()["inputs"]:
        assert f"`{name}`" in text, f"input {name} is not documented"


def test_validate_annotate_marks_the_shared_jiangsu_draft(
    run_cli: RunCli, shared_fixtures: Path, tmp_path: Path
) -> None:
    source = shared_fixtures / "jiangsu-draft-2026.xlsx"
    expected = json.loads((shared_fixtures / "jiangsu-draft-2026.expected.json").read_text(encoding="utf-8"))
    before = source.read_bytes()
    out = tmp_path / "annotated.xlsx"
    result = run_cli("validate", "--format", "json", "--annotate", out, source, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert source.read_bytes() == before
    findings = json.loads(result.stdout)["findings"]
    wb = openpyxl.load_workbook(out)
    ws = wb["指导目录"]
    for f in findings:
        if f["severity"] == "error":
            cell = ws[f["cell"] or f"A{f['row']}"]
            assert cell.fill.fgColor.rgb == "00FFC7CE", f
            assert f["rule"] in cell.comment.text
    assert {f["row"] for f in findings if f["severity"] == "error"} == set(expected["error_rows"])
    results = wb["校验结果"]
    assert results.max_row == 1 + len(findings)
    assert all(row[2].hyperlink is not None for row in results.iter_rows(min_row=2))
