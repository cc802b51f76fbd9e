"""What `package --check` proves (issue #19): own schemas and rules, the deterministic zip, strict JSON,
a byte-for-byte rebuild, and an Ed25519 signature over SHA256SUMS (sign, verify, tamper, fail)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_inproc import Outcome, cli
from conftest import SAMPLE
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    BestAvailableEncryption,
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from catalogtool.deterministic import zip_bytes
from catalogtool.package import DATAPACKAGE, SHA256SUMS, SIGNATURE, sha256sums
from catalogtool.package_trust import strict_json

TODAY = "2026-05-01"
NAME = "JS-2026"
WHEN = dt.datetime(2026, 7, 1)  # the sample's effective date: every zip time


def write_keys(folder: Path, passphrase: bytes | None = None) -> tuple[Path, Path]:
    key = Ed25519PrivateKey.generate()
    encryption = BestAvailableEncryption(passphrase) if passphrase else NoEncryption()
    private = folder / "department.key.pem"
    private.write_bytes(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, encryption))
    public = folder / "department.pub.pem"
    public.write_bytes(key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo))
    return private, public


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return write_keys(tmp_path_factory.mktemp("keys"))


@pytest.fixture(scope="module")
def signed_once(tmp_path_factory: pytest.TempPathFactory, keys: tuple[Path, Path]) -> Path:
    root = tmp_path_factory.mktemp("signed") / "ws"
    shutil.copytree(SAMPLE, root)
    outcome = cli("package", "--province", "JS", "--workspace", root, "--today", TODAY, "--sign", keys[0])
    assert outcome.code == 0, outcome.stdout + outcome.stderr
    return root


@pytest.fixture
def signed(signed_once: Path, tmp_path: Path) -> Path:
    """A fresh copy of the signed workspace and package, for a test to tamper with."""
    root = tmp_path / "ws"
    shutil.copytree(signed_once, root)
    return root


def check(root: Path, *extra: object) -> Outcome:
    return cli("package", "--province", "JS", "--workspace", root, "--check", "--today", TODAY, *extra)


def files_of(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "dist" / NAME).iterdir())}


def rewrite(root: Path, change: Callable[[dict[str, bytes]], None], *, resum: bool = True) -> None:
    """Change the package's files, then make it agree with itself again as a careful forger would:
    hashes and sizes in datapackage.json, SHA256SUMS, and the zip rebuilt by catalogtool's own writer."""
    files = files_of(root)
    change(files)
    if resum:
        descriptor = json.loads(files[DATAPACKAGE])
        for resource in descriptor["resources"]:
            data = files[resource["path"]]
            resource["bytes"] = len(data)
            resource["hash"] = f"sha256:{hashlib.sha256(data).hexdigest()}"
        files[DATAPACKAGE] = (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode()
        files[SHA256SUMS] = sha256sums({k: v for k, v in files.items() if k != SIGNATURE}).encode()
    folder = root / "dist" / NAME
    shutil.rmtree(folder)
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    members = sorted((f"{NAME}/{n}", d) for n, d in files.items())
    (root / "dist" / f"{NAME}.zip").write_bytes(zip_bytes(members, WHEN))


def change_first_row(files: dict[str, bytes]) -> None:
    """Lower the first row's experience from 3 years to 1 in catalog.csv and catalog-data.json."""
    text = files["catalog.csv"].decode()
    first = text.splitlines()[1]
    assert ",master,3," in first
    files["catalog.csv"] = text.replace(first, first.replace(",master,3,", ",master,1,"), 1).encode()
    data = json.loads(files["catalog-data.json"])
    data["rows"][0]["experience_years"] = 1
    files["catalog-data.json"] = (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()


def test_a_signed_package_verifies_and_openssl_agrees(signed: Path, keys: tuple[Path, Path]) -> None:
    outcome = check(signed, "--verify-key", keys[1])
    assert outcome.code == 0, outcome.stdout
    assert "identical, byte for byte, to a rebuild" in outcome.stdout
    assert "signature valid" in outcome.stdout
    files = files_of(signed)
    assert len(files[SIGNATURE]) == 64  # a raw Ed25519 signature: `openssl pkeyutl -verify -rawin` reads it
    assert SIGNATURE.encode() not in files[SHA256SUMS]


def test_without_a_key_the_output_says_what_is_not_proven(signed: Path) -> None:
    outcome = check(signed)
    assert outcome.code == 0, outcome.stdout
    assert "no signature checked (no --verify-key)" in outcome.stdout


def test_a_self_consistent_rewrite_fails_every_way(signed: Path, keys: tuple[Path, Path]) -> None:
    rewrite(signed, change_first_row)
    # the rewrite agrees with itself: hashes, sizes and SHA256SUMS were all recomputed
    plain = check(signed, "--no-rebuild")
    assert plain.code == 1
    assert "catalog.csv does not hold the rows of catalog.xlsx" in plain.stdout
    assert "SHA-256" not in plain.stdout
    rebuilt = check(signed)
    assert rebuilt.code == 1
    assert "catalog.csv differs from a rebuild of the workspace (--today 2026-05-01)" in rebuilt.stdout
    signed_check = check(signed, "--no-rebuild", "--verify-key", keys[1])
    assert signed_check.code == 1
    assert (
        "SHA256SUMS.sig: the signature over SHA256SUMS does not verify with this key" in signed_check.stdout
    )


def test_another_key_or_no_signature_fails(signed: Path, tmp_path: Path) -> None:
    _, other = write_keys(tmp_path)
    assert "does not verify with this key" in check(signed, "--verify-key", other).stdout
    rewrite(signed, lambda files: files.pop(SIGNATURE), resum=False)
    outcome = check(signed, "--verify-key", other)
    assert outcome.code == 1
    assert "SHA256SUMS.sig is missing: the package is not signed" in outcome.stdout


def test_an_encrypted_key_needs_its_passphrase(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    shutil.copytree(SAMPLE, root)
    private, public = write_keys(tmp_path, b"s3cret")
    args = ("package", "--province", "JS", "--workspace", root, "--today", TODAY, "--sign", private)
    refused = cli(*args)
    assert refused.code == 2 and "CATALOGTOOL_KEY_PASSPHRASE" in refused.stderr
    assert not (root / "dist").exists()
    assert cli(*args, env={"CATALOGTOOL_KEY_PASSPHRASE": "s3cret"}).code == 0
    assert check(root, "--verify-key", public).code == 0


def test_a_loosened_schema_inside_the_package_is_not_obeyed(signed: Path) -> None:
    def loosen(files: dict[str, bytes]) -> None:
        descriptor = json.loads(files[DATAPACKAGE])
        for resource in descriptor["resources"]:
            if resource["path"] == "catalog.csv":
                for field in resource["schema"]["fields"]:
                    field.pop("constraints", None)
        files[DATAPACKAGE] = (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode()
        text = files["catalog.csv"].decode()
        first = text.splitlines()[1]
        files["catalog.csv"] = text.replace(first, first.replace(",2-02-38,", ",9-99-99,", 1), 1).encode()

    rewrite(signed, loosen)
    outcome = check(signed, "--no-rebuild")
    assert outcome.code == 1
    assert "datapackage.json: the table description of catalog.csv is not catalogtool's" in outcome.stdout
    assert "catalog.csv line 2, subcategory_code: '9-99-99' does not match" in outcome.stdout


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_a_zip_with_a_member_twice_is_refused(signed: Path) -> None:
    files = files_of(signed)
    forged = files["catalog.csv"].replace(b",master,3,", b",master,1,", 1)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{NAME}/catalog.csv", forged)  # unzip shows this one
        for name, data in sorted(files.items()):
            archive.writestr(f"{NAME}/{name}", data)  # Python reads the last one
    shutil.rmtree(signed / "dist" / NAME)
    (signed / "dist" / f"{NAME}.zip").write_bytes(buffer.getvalue())
    outcome = check(signed)
    assert outcome.code == 1
    assert f"{NAME}.zip: {NAME}/catalog.csv is in the zip more than once" in outcome.stdout


@pytest.mark.parametrize(
    ("how", "reason"),
    [
        ("reordered", "members are not in name order"),
        ("stored", "members are not all deflated"),
        ("commented", "it carries comments"),
    ],
)
def test_a_zip_catalogtool_would_not_write_is_refused(signed: Path, how: str, reason: str) -> None:
    zip_path = signed / "dist" / f"{NAME}.zip"
    with zipfile.ZipFile(zip_path) as archive:
        members = [(i, archive.read(i)) for i in archive.infolist()]
    if how == "reordered":
        members.reverse()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info, data in members:
            info.compress_type = zipfile.ZIP_STORED if how == "stored" else zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=9)
        if how == "commented":
            archive.comment = b"looks harmless"
    zip_path.write_bytes(buffer.getvalue())
    shutil.rmtree(signed / "dist" / NAME)  # the zip alone, as it is sent
    outcome = check(signed)
    assert outcome.code == 1
    assert f"{NAME}.zip is not the zip catalogtool writes for these files: {reason}" in outcome.stdout


def test_nan_and_infinity_are_not_json(signed: Path) -> None:
    def poison(files: dict[str, bytes]) -> None:
        text = files["catalog-data.json"].decode()
        files["catalog-data.json"] = text.replace(
            '"local_average_wage": 118000', '"local_average_wage": NaN'
        ).encode()

    rewrite(signed, poison)
    outcome = check(signed, "--no-rebuild")
    assert outcome.code == 1
    assert "NaN is not JSON" in outcome.stdout
    with pytest.raises(ValueError, match="does not fit"):
        strict_json(b'{"a": 1e400}')
    with pytest.raises(ValueError, match="appears twice"):
        strict_json(b'{"a": 1, "a": 2}')


@pytest.mark.parametrize("value", [".nan", ".inf", "1e400"])
def test_a_non_finite_wage_is_a_workspace_error_not_a_package(tmp_path: Path, value: str) -> None:
    root = tmp_path / "ws"
    shutil.copytree(SAMPLE, root)
    province = root / "provinces" / "JS" / "province.yaml"
    lines = province.read_text("utf-8").splitlines()
    lines = [f"local_average_wage: {value}" if ln.startswith("local_average_wage:") else ln for ln in lines]
    province.write_text("\n".join(lines) + "\n", "utf-8")
    outcome = cli("package", "--province", "JS", "--workspace", root, "--today", TODAY)
    assert outcome.code == 1
    assert "CT516" in outcome.stdout and "local_average_wage" in outcome.stdout
    assert not (root / "dist").exists()


def test_an_extra_file_or_folder_in_the_package_is_named(signed: Path) -> None:
    folder = signed / "dist" / NAME
    (folder / "notes").mkdir()
    (folder / "readme.txt").write_text("hello", "utf-8")
    outcome = check(signed, "--no-rebuild")
    assert outcome.code == 1
    assert "notes in JS-2026/ is not a plain file" in outcome.stdout
    assert "readme.txt is not listed in SHA256SUMS" in outcome.stdout
