"""What kind of file is this? Decided by its first bytes first, its extension second.

Anything that is not a workbook, CSV, YAML or JSON becomes one clear InputError saying what the file
looks like and what to do with it (save as .xlsx, remove the password, …).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Literal

from catalogtool.errors import InputError
from catalogtool.read.limits import Limits

Kind = Literal["xlsx", "csv", "yaml", "json"]

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_TEXT_EXTENSIONS: dict[str, Kind] = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
}
_WORKBOOK_EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".numbers", ".et")
# (magic prefix, what it is in English, in Chinese)
_FOREIGN: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF", "a PDF document", "PDF 文档"),
    (b"\x89PNG", "a PNG image", "PNG 图片"),
    (b"\xff\xd8\xff", "a JPEG image", "JPEG 图片"),
    (b"GIF87a", "a GIF image", "GIF 图片"),
    (b"GIF89a", "a GIF image", "GIF 图片"),
    (b"II*\x00", "a TIFF image", "TIFF 图片"),
    (b"MM\x00*", "a TIFF image", "TIFF 图片"),
    (b"BM", "a bitmap image", "位图图片"),
    (b"Rar!", "a RAR archive", "RAR 压缩包"),
    (b"7z\xbc\xaf", "a 7-Zip archive", "7-Zip 压缩包"),
    (b"\x1f\x8b", "a gzip archive", "gzip 压缩包"),
    (b"{\\rtf", "an RTF document", "RTF 文档"),
)
_SAVE_AS = (
    "open it in Excel or WPS and save it as an Excel workbook (.xlsx), or export CSV (UTF-8)",
    "请用 Excel 或 WPS 打开，另存为 Excel 工作簿（.xlsx）或 CSV（UTF-8）",
)


def fail(path: Path, en: str, zh: str) -> InputError:
    """An InputError whose one line starts with the path as given, in both languages."""
    return InputError(f"{path}: {en}", f"{path}：{zh}", path=str(path))


def open_checked(path: Path, limits: Limits) -> int:
    """Check the path is a readable regular file within the size limit; return its size."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise fail(path, "file not found; check the path", "文件不存在，请检查路径") from None
    except PermissionError:
        raise fail(path, "permission denied", "没有读取权限") from None
    except OSError as exc:
        raise fail(
            path, f"cannot read the file ({exc.strerror})", f"无法读取文件（{exc.strerror}）"
        ) from None
    if stat.S_ISDIR(info.st_mode):
        raise fail(path, "is a folder, not a file", "这是文件夹，不是文件")
    if not stat.S_ISREG(info.st_mode):
        raise fail(path, "is not a regular file", "不是普通文件")
    if not os.access(path, os.R_OK):
        raise fail(path, "permission denied: the file cannot be read", "没有读取权限，无法读取该文件")
    if info.st_size == 0:
        raise fail(path, "the file is empty (0 bytes)", "文件为空（0 字节）")
    if info.st_size > limits.max_file_bytes:
        mib = limits.max_file_bytes // 2**20
        raise fail(
            path,
            f"the file is larger than {mib} MiB; split the catalog or remove embedded images",
            f"文件超过 {mib} MiB，请拆分目录或删除嵌入的图片",
        )
    return info.st_size


def _read_head(path: Path, size: int = 4096) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(size)
    except PermissionError:
        raise fail(path, "permission denied", "没有读取权限") from None
    except OSError as exc:
        raise fail(
            path, f"cannot read the file ({exc.strerror})", f"无法读取文件（{exc.strerror}）"
        ) from None


def _contains_utf16(path: Path, names: tuple[str, ...]) -> bool:
    """Whether an OLE2 file names one of ``names`` in its directory (UTF-16LE), read in chunks."""
    needles = [n.encode("utf-16-le") for n in names]
    overlap = max(len(n) for n in needles)
    tail = b""
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            block = tail + chunk
            if any(n in block for n in needles):
                return True
            tail = block[-overlap:]
    return False


def _ole2(path: Path) -> InputError:
    if _contains_utf16(path, ("EncryptionInfo", "EncryptedPackage")):
        return fail(
            path,
            "the workbook is password-protected (encrypted); remove the password in Excel or WPS "
            "(File › Info › Protect Workbook) and save it as .xlsx",
            "工作簿设置了打开密码（已加密），请在 Excel 或 WPS 中取消密码后另存为 .xlsx",
        )
    if _contains_utf16(path, ("WordDocument",)):
        return fail(path, "is a Word document, not a workbook", "这是 Word 文档，不是工作簿")
    return fail(
        path,
        "is a legacy Excel 97-2003 workbook (.xls); open it in Excel or WPS and save it as .xlsx",
        "这是旧版 Excel 97-2003 工作簿（.xls），请用 Excel 或 WPS 打开后另存为 .xlsx",
    )


def _looks_binary(head: bytes) -> bool:
    """NUL bytes or many control characters: not text in any encoding we accept."""
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(4, len(head) // 50)


def sniff(path: Path, limits: Limits) -> Kind:
    """Decide how to read ``path``, or raise InputError saying why it cannot be read and what to do."""
    open_checked(path, limits)
    head = _read_head(path)
    suffix = path.suffix.lower()
    if head.startswith(ZIP_MAGICS):
        return "xlsx"  # the zip's contents decide between xlsx, xlsm, ods, numbers, docx (xlsx.py)
    if head.startswith(OLE2_MAGIC):
        raise _ole2(path)
    for magic, what_en, what_zh in _FOREIGN:
        if head.startswith(magic):
            raise fail(path, f"is {what_en}, not a spreadsheet", f"这是{what_zh}，不是电子表格")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise fail(
            path,
            "is UTF-16 text (Excel's 'Unicode Text'); save it as CSV UTF-8 or as .xlsx",
            "这是 UTF-16 文本（Excel 的“Unicode 文本”），请另存为 CSV UTF-8 或 .xlsx",
        )
    if _looks_binary(head):
        raise fail(
            path,
            "is a binary file of unknown type, not a spreadsheet",
            "这是未知类型的二进制文件，不是电子表格",
        )
    if suffix in _WORKBOOK_EXTENSIONS:
        raise fail(
            path,
            f"is named {suffix} but contains text, not a workbook; if it is CSV, rename it to .csv",
            f"扩展名为 {suffix}，但内容是文本而不是工作簿；如果是 CSV，请改名为 .csv",
        )
    if suffix in _TEXT_EXTENSIONS:
        return _TEXT_EXTENSIONS[suffix]
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"[")):
        return "json"
    return "csv"


# What marks macros in an OOXML package, whatever its parts are called: the VBA project's content type
# and relationship type, Excel 4.0 (XLM) macro sheets, and a macro-enabled main part.
_MACRO_MARKS = (b"vbaproject", b"macroenabled", b"macrosheet")


def has_macros(names: set[str], content_types: bytes, relationships: bytes) -> bool:
    """True when the package holds macros: by content type ([Content_Types].xml, Default or Override)
    or relationship type (any .rels part), not only by the usual part name xl/vbaProject.bin."""
    marked = content_types.lower() + relationships.lower()
    return any(n.lower().endswith("vbaproject.bin") for n in names) or any(m in marked for m in _MACRO_MARKS)


def unsupported_zip(
    path: Path, names: set[str], content_types: bytes, relationships: bytes = b""
) -> InputError | None:
    """Why a zip is not an .xlsx we read (xlsm, xlsb, ODS, Numbers, Word …), or None when it is one.
    ``relationships`` is the text of the package's (small) .rels parts, for :func:`has_macros`."""
    if "mimetype" in names and any(n.startswith("META-INF/") for n in names):
        return fail(
            path,
            "is an OpenDocument file (.ods); " + _SAVE_AS[0],
            "这是 OpenDocument 文件（.ods），" + _SAVE_AS[1],
        )
    if any(n.startswith("Index/") or n == "Index.zip" for n in names):
        return fail(
            path,
            "is an Apple Numbers file; in Numbers choose File › Export To › Excel",
            "这是 Apple Numbers 文件，请在 Numbers 中选择“文件 › 导出为 › Excel”",
        )
    if "word/document.xml" in names:
        return fail(path, "is a Word document (.docx), not a workbook", "这是 Word 文档（.docx），不是工作簿")
    if "ppt/presentation.xml" in names:
        return fail(path, "is a PowerPoint file, not a workbook", "这是 PowerPoint 文件，不是工作簿")
    if "xl/workbook.bin" in names:
        return fail(
            path,
            "is a binary Excel workbook (.xlsb); open it in Excel and save it as .xlsx",
            "这是二进制 Excel 工作簿（.xlsb），请在 Excel 中另存为 .xlsx",
        )
    if has_macros(names, content_types, relationships):
        return fail(
            path,
            "is a macro-enabled workbook (.xlsm); save it as an Excel workbook (.xlsx) without macros",
            "这是启用宏的工作簿（.xlsm），请另存为不含宏的 Excel 工作簿（.xlsx）",
        )
    if "xl/workbook.xml" not in names:
        return fail(
            path,
            "is a zip archive but not an Excel workbook; " + _SAVE_AS[0],
            "这是 zip 压缩包，不是 Excel 工作簿；" + _SAVE_AS[1],
        )
    return None
