"""CLI: ``catalogtool package`` — build (or verify) the filing package of a workspace province."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from catalogtool.commands.helptext import HelpCommand, about, bi, examples
from catalogtool.commands.options import (
    LangOption,
    MaybeProvinceOption,
    StrictOption,
    TodayOption,
    WorkspaceOption,
    parse_today,
    workspace_config,
)
from catalogtool.errors import UsageError
from catalogtool.lang import detect_lang

if TYPE_CHECKING:
    from catalogtool.config import Config
    from catalogtool.model import Report
    from catalogtool.validate import ValidateOptions


def register(app: typer.Typer) -> None:
    """Add ``package``."""
    app.command(
        "package",
        cls=HelpCommand,
        help=about(
            bi(
                "校验一个省份的目录和工作区文件；没有错误时，生成报备材料（xlsx、docx、JSON、CSV、"
                "datapackage.json、SHA256SUMS）及其压缩包。",
                "Validate a province's catalog and workspace files and, when there are no errors, write the "
                "filing package (xlsx, docx, JSON, CSV, datapackage.json, SHA256SUMS) and its zip.",
            ),
            bi(
                "--check 校验已生成的报备材料，而不是重新生成：工作区中某省份的（--province），"
                "或直接给出的压缩包或文件夹（如收到的 JS-2026.zip）。",
                "--check verifies an existing package instead of writing one: a workspace province's "
                "(--province), or one given by its path (a zip or folder, e.g. a JS-2026.zip received).",
            ),
            bi(
                "退出码：0 已生成（或校验通过），1 有错误或报备材料已损坏，2 输入无法使用或用法错误。",
                "Exit codes: 0 written (or verified), 1 errors or a damaged package, 2 unusable input "
                "or usage error.",
            ),
        ),
        epilog=examples(
            "catalogtool package --province JS",
            "catalogtool package --province JS --sign js-key.pem",
            "catalogtool package --province JS --check --verify-key js-key.pub.pem",
            "catalogtool package --check JS-2026.zip --verify-key js-key.pub.pem",
        ),
    )(package_command)


def package_command(
    path: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Argument(
            metavar="[PACKAGE]",
            help=bi(
                "与 --check 同用：要校验的报备材料（压缩包或文件夹），如收到的 JS-2026.zip；"
                "此时无需工作区和 --province。",
                "With --check: the package to verify (its zip or folder), e.g. a JS-2026.zip received; "
                "no workspace or --province is needed then.",
            ),
            show_default=False,
        ),
    ] = None,
    province: MaybeProvinceOption = None,
    workspace: WorkspaceOption = None,
    out: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--out",
            "-o",
            metavar="DIR",
            help=bi(
                "<XX>-<版本>/ 及其压缩包的写入位置（默认：<工作区>/dist）。",
                "Where to write <XX>-<edition>/ and its zip (default: <workspace>/dist).",
            ),
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help=bi(
                "改为校验已有的报备材料：哈希值、datapackage.json、catalogtool 的结构定义和规则、压缩包，"
                "并按工作区重新生成逐字节比较；文件夹不在时只校验压缩包。",
                "Verify an existing package instead: hashes, datapackage.json, catalogtool's own schemas "
                "and rules, the zip as catalogtool writes it, and a byte-for-byte rebuild from the "
                "workspace; the zip alone is verified when the folder is gone.",
            ),
        ),
    ] = False,
    sign: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--sign",
            metavar="KEYFILE",
            help=bi(
                "签署报备材料：用 Ed25519 私钥（PEM；openssl genpkey -algorithm ed25519）对 SHA256SUMS "
                "签名，生成 SHA256SUMS.sig。口令取自 $CATALOGTOOL_KEY_PASSPHRASE。",
                "Sign the package: an Ed25519 private key (PEM; openssl genpkey -algorithm ed25519) "
                "signs SHA256SUMS into SHA256SUMS.sig. Passphrase from $CATALOGTOOL_KEY_PASSPHRASE.",
            ),
        ),
    ] = None,
    verify_key: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--verify-key",
            metavar="PUBKEY",
            help=bi(
                "与 --check 同用：用此 Ed25519 公钥（PEM）验证 SHA256SUMS.sig。",
                "With --check: verify SHA256SUMS.sig with this Ed25519 public key (PEM).",
            ),
        ),
    ] = None,
    rebuild: Annotated[
        bool,
        typer.Option(
            "--rebuild/--no-rebuild",
            help=bi(
                "与 --check 同用：按工作区重新生成并逐字节比较（--no-rebuild 则跳过）。",
                "With --check: rebuild the package from the workspace and compare byte for byte "
                "(--no-rebuild skips it).",
            ),
        ),
    ] = True,
    today: TodayOption = None,
    strict: StrictOption = False,
    lang: LangOption = None,
) -> None:
    root = workspace if workspace is not None else Path.cwd()
    cfg = workspace_config(root)
    language = detect_lang(lang, config=cfg.lang)
    if path is not None and not check:
        raise UsageError(
            f"{path}: a package path is for --check (to build one, give --province)",
            f"{path}：报备材料路径用于 --check（生成报备材料请用 --province）",
        )
    if province is None and path is None:
        raise UsageError(
            "Missing option '--province' / '-p' (with --check, the package itself may be given instead)",
            "缺少选项 '--province' / '-p'（与 --check 同用时，也可直接给出报备材料的路径）",
        )
    if check:
        if sign is not None:
            raise UsageError(
                "--sign builds a package; it cannot be used with --check",
                "--sign 用于生成报备材料，不能与 --check 同用",
            )
        # Rebuilding needs the province's workspace: a package given by its path alone is checked as it is.
        again = rebuild and province is not None
        trust = _Trust(verify_key, _options(strict or cfg.strict, cfg), parse_today(today) if again else None)
        raise typer.Exit(_verify(root, province, out, language, trust, path))
    if verify_key is not None:
        raise UsageError("--verify-key is for --check", "--verify-key 仅用于 --check")
    assert province is not None
    raise typer.Exit(
        _build(root, province, out, parse_today(today), strict or cfg.strict, cfg, language, sign)
    )


def print_findings(report: Report, lang: str) -> None:
    """The workspace's validation report as text on stdout, when it has anything to say."""
    from catalogtool.report import render

    if any(fr.findings for fr in report.files) or not report.valid:
        text = render("text", report, lang)
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _options(strict: bool, cfg: Config) -> ValidateOptions:
    """The validation options of a build (and of the rebuild --check compares with)."""
    from catalogtool.config import options_from

    return options_from(cfg, strict=strict)


@dataclass(frozen=True)
class _Trust:
    """What --check brings beyond the package: a public key, and the date to rebuild as of (or None)."""

    verify_key: Path | None
    options: ValidateOptions
    rebuild_today: dt.date | None


def _build(
    root: Path,
    province: str,
    out: Path | None,
    today: dt.date,
    strict: bool,
    cfg: Config,
    lang: str,
    sign: Path | None = None,
) -> int:
    from catalogtool.package import build_package, default_out
    from catalogtool.workspace import check_workspace

    checked = check_workspace(root, province, today, _options(strict, cfg))
    report = checked.report
    print_findings(report, lang)
    if not report.valid:
        typer.echo(
            "catalogtool: 报备材料未生成：请先修正上述错误。"
            if lang == "zh"
            else "catalogtool: no package written: fix the errors above first.",
            err=True,
        )
        return 1
    result = build_package(checked, out if out is not None else default_out(root), sign_key=sign)
    if lang == "zh":
        typer.echo(f"已生成 {result.folder}/（{len(result.files)} 个文件）")
        typer.echo(f"已生成 {result.zip}（SHA-256 {result.zip_sha256}）")
    else:
        typer.echo(f"wrote {result.folder}/ ({len(result.files)} files)")
        typer.echo(f"wrote {result.zip} (SHA-256 {result.zip_sha256})")
    return 0


def _verify(
    root: Path, province: str | None, out: Path | None, lang: str, trust: _Trust, given: Path | None
) -> int:
    from catalogtool.package_trust import key_fingerprint, load_verify_key, rebuild_problems
    from catalogtool.package_verify import Problem, locate_package, package_at, verify_package

    if given is not None:
        folder, zip_path = package_at(given)
    else:
        assert province is not None
        folder, zip_path = locate_package(root, province, out)
    key = load_verify_key(trust.verify_key) if trust.verify_key is not None else None
    today = trust.rebuild_today

    def rebuild(files: Mapping[str, bytes]) -> list[Problem]:
        assert today is not None and province is not None
        return rebuild_problems(files, root, province, today, trust.options)

    problems = verify_package(
        folder,
        zip_path,
        key=key,
        rebuild=rebuild if today is not None else None,
        codes_extra=trust.options.codes_extra,
    )
    from catalogtool.report.common import visible

    for problem in problems:
        typer.echo(visible(problem.message(lang)))
    if problems:
        typer.echo(
            f"catalogtool: 报备材料校验未通过：{len(problems)} 处问题"
            if lang == "zh"
            else f"catalogtool: package check failed: {len(problems)} problem(s)",
            err=True,
        )
        return 1
    if folder.is_dir():
        typer.echo(
            f"报备材料完好：{folder}/ 与 {zip_path.name}"
            if lang == "zh"
            else f"package OK: {folder}/ and {zip_path.name}"
        )
    else:
        typer.echo(
            f"报备材料完好：{zip_path}（未见同名文件夹，已单独校验压缩包）"
            if lang == "zh"
            else f"package OK: {zip_path} (checked on its own: there is no folder)"
        )
    if today is not None:
        typer.echo(
            f"与按工作区重新生成的结果逐字节一致（--today {today.isoformat()}）。"
            if lang == "zh"
            else f"identical, byte for byte, to a rebuild from the workspace (--today {today.isoformat()})."
        )
    if key is not None:
        typer.echo(
            f"签名有效：SHA256SUMS 由公钥 SHA-256 指纹 {key_fingerprint(key)} 对应的私钥签署。"
            if lang == "zh"
            else f"signature valid: SHA256SUMS was signed by the key with SHA-256 fingerprint {key_fingerprint(key)}."
        )
    else:
        typer.echo(
            "未校验签名（无 --verify-key）：以上只证明报备材料内部一致、符合 catalogtool 的规则，"
            "不能证明其来源。"
            if lang == "zh"
            else "no signature checked (no --verify-key): this proves the package is consistent and follows "
            "catalogtool's rules, not who made it."
        )
    return 0
