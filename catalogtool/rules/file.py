"""File and sheet rules (CT1xx): what reading an input noticed about its table.

Inputs that cannot be read at all (corrupt, encrypted, .xls, no table …) raise one InputError (exit 2);
validate reports it as the file-level finding CT100 (:func:`unusable_report`), so machine reports still
carry it. The other rules cover a table that was read, with something to say about it.
"""

from __future__ import annotations

from catalogtool.errors import CatalogToolError
from catalogtool.model import FileReport, Location
from catalogtool.rules.registry import Rule

UNUSABLE_FILE = Rule(
    id="CT100",
    slug="unusable-file",
    severity="error",
    title_en="File cannot be used",
    title_zh="文件无法使用",
    message_en="{reason}",
    message_zh="{reason_zh}",
    hint_en="Fix or replace the file; nothing in it was checked",
    hint_zh="请修复或更换该文件；文件内容均未校验",
    explanation_en="The file could not be read as a catalog at all: missing, unreadable, corrupt, "
    "encrypted, hostile (zip or XML bombs, a sheet claiming the whole grid), an old .xls, or no table. "
    "The run exits 2, and machine reports (json, sarif, junit, codequality, github) still carry this "
    "one file-level error, with the same message as the error line, so CI has an artifact and an "
    "annotation. Other inputs of the same run are checked as usual.",
    explanation_zh="文件根本无法作为目录读取：不存在、无法读取、已损坏、已加密、含恶意结构（压缩炸弹、XML 炸弹、"
    "声称占满整张表的工作表）、旧版 .xls，或没有表格。运行以退出码 2 结束；机器可读报告（json、sarif、junit、"
    "codequality、github）仍会包含这一条文件级错误，内容与错误提示行相同，便于 CI 保存结果并显示标注。"
    "同一次运行中的其他输入照常校验。",
    example_en="draft.xlsx: the workbook is encrypted (password-protected); save it without a password",
    example_zh="draft.xlsx：工作簿已加密（设有打开密码），请去掉密码后另存",
)
MISSING_COLUMNS = Rule(
    id="CT101",
    slug="missing-columns",
    severity="error",
    title_en="Required columns missing",
    title_zh="缺少必填列",
    message_en="The table has no column for: {columns}",
    message_zh="表格缺少以下列：{columns_zh}",
    hint_en="Add the columns (headers such as {examples}) or rename the existing headers",
    hint_zh="请添加这些列（表头如 {examples_zh}），或修改现有表头名称",
    explanation_en="Every catalog row needs a subcategory code and name, a position, an industry, and "
    "the minimum education, experience and skills. The header row must name a column for each; headers "
    "are matched loosely (Chinese or English, full- or half-width, line breaks and brackets ignored).",
    explanation_zh="目录每一行都须有小类代码、小类名称、岗位名称、产业领域，以及学历、工作经历、专业技能等能力要求。"
    "表头须为每项列出一列；表头匹配较宽松（中英文、全半角、换行和括号均可）。",
    example_en="headers 岗位名称 and 学历 only; 小类代码, 小类名称, 产业领域, 工作经历（年）, 专业技能 are missing",
    example_zh="表头只有“岗位名称、学历”，缺少“小类代码、小类名称、产业领域、工作经历（年）、专业技能”",
)
UNKNOWN_COLUMN = Rule(
    id="CT102",
    slug="unknown-column",
    severity="warning",
    title_en="Column not recognised",
    title_zh="无法识别的列",
    message_en="{column} is not a catalog field; it is ignored",
    message_zh="{column_zh}不是目录字段，已忽略",
    hint_en="Rename the header to a catalog field, or move the column to notes (备注)",
    hint_zh="请将表头改为目录字段名称，或将内容并入“备注”",
    explanation_en="Only the catalog's fields are read. A column with another header is skipped, so "
    "its content would not reach the filed catalog. Often it is a misspelt header.",
    explanation_zh="只读取目录字段。表头不属于目录字段的列会被跳过，其内容不会进入备案目录；常见原因是表头写法有误。",
    example_en="“岗位职责” (not a field of the catalog)",
    example_zh="“岗位职责”（不是目录的字段）",
)
FORMULA_CELL = Rule(
    id="CT103",
    slug="formula-cell",
    severity="warning",
    title_en="Formula in a data cell",
    title_zh="数据单元格含公式",
    message_en="{cell} holds a formula (={formula}); its saved value {result!r} was used",
    message_zh="{cell} 含公式（={formula}），已使用保存的计算结果“{result}”",
    hint_en="Replace the formula by its value (Copy, then Paste Values)",
    hint_zh="请将公式替换为数值（复制后“选择性粘贴 › 数值”）",
    explanation_en="A filed catalog must state its values, not compute them. The value Excel saved "
    "with the formula is used, but it may be stale if the file was produced by a tool that does not "
    "recalculate.",
    explanation_zh="备案目录应直接填写内容，而非由公式计算。此处使用了 Excel 保存的计算结果，"
    "但若文件由不会重新计算的工具生成，结果可能已过时。",
    example_en="=VLOOKUP(B5,代码表!A:B,2,0) in 小类名称",
    example_zh="小类名称列中的 =VLOOKUP(B5,代码表!A:B,2,0)",
)
FORMULA_NO_VALUE = Rule(
    id="CT104",
    slug="formula-without-value",
    severity="error",
    title_en="Formula without a saved value",
    title_zh="公式没有计算结果",
    message_en="{cell} holds a formula (={formula}) but no saved value, so the cell reads as empty",
    message_zh="{cell} 含公式（={formula}），但没有保存计算结果，按空白处理",
    hint_en="Open the file in Excel or WPS, let it recalculate, and save; or paste the values",
    hint_zh="请用 Excel 或 WPS 打开文件重新计算后保存，或将公式粘贴为数值",
    explanation_en="Files written by scripts often hold formulas that were never calculated. There is "
    "no value to check or file; calculating formulas here would be neither safe nor exact.",
    explanation_zh="脚本生成的文件常含有从未计算过的公式，没有可检查或备案的值；本工具不执行公式计算。",
    example_en="=A4+1 written by a script",
    example_zh="由脚本写入、未经计算的 =A4+1",
)
CELL_TOO_LONG = Rule(
    id="CT105",
    slug="cell-too-long",
    severity="error",
    title_en="Cell longer than Excel allows",
    title_zh="单元格内容过长",
    message_en="{cell} has {length} characters, more than {limit}; only the first {limit} were read",
    message_zh="{cell} 有 {length} 个字符，超过 {limit} 个；只读取了前 {limit} 个",
    hint_en="Shorten the text; long explanations belong in the drafting note, not the catalog",
    hint_zh="请精简内容；较长的说明应写入起草说明，而不是目录",
    explanation_en="Excel cannot hold more than 32,767 characters in a cell, so the filed workbook would "
    "lose the rest. The value was truncated to keep reading bounded.",
    explanation_zh="Excel 单元格最多容纳 32,767 个字符，超出部分在备案工作簿中会丢失；为限制读取量，已截断该值。",
    example_en="a 40,000-character skills description",
    example_zh="长达 40,000 字的专业技能描述",
)
ENCODING = Rule(
    id="CT106",
    slug="csv-encoding",
    severity="info",
    title_en="How the CSV was read",
    title_zh="CSV 读取方式",
    message_en="Read as {encoding}, fields separated by {delimiter}",
    message_zh="按 {encoding_zh} 编码读取，字段分隔符为 {delimiter_zh}",
    hint_en="",
    hint_zh="",
    explanation_en="CSV files carry no encoding. UTF-8 (with or without a byte-order mark) is tried "
    "first, then GB18030 (which covers GBK and GB2312, what Excel and WPS on Chinese Windows write). "
    "This note records the choice so that a wrong guess is visible.",
    explanation_zh="CSV 文件不记录编码。先尝试 UTF-8（含或不含 BOM），再尝试 GB18030"
    "（涵盖 GBK、GB2312，即中文 Windows 上 Excel 和 WPS 的默认编码）。此提示记录所选编码，便于发现误判。",
    example_en="Read as GB18030, fields separated by ','",
    example_zh="按 GB18030 编码读取，字段以“,”分隔",
)
NO_DATA_ROWS = Rule(
    id="CT107",
    slug="no-data-rows",
    severity="warning",
    title_en="Header but no rows",
    title_zh="只有表头没有数据",
    message_en="The table has a header (row {header_row}) but no data rows",
    message_zh="表格有表头（第 {header_row} 行），但没有数据行",
    hint_en="Fill in the catalog rows under the header",
    hint_zh="请在表头下方填写目录内容",
    explanation_en="A catalog without rows cannot be filed. This usually means the wrong sheet or an "
    "unfilled template.",
    explanation_zh="没有数据行的目录无法备案，通常是选错了工作表或模板尚未填写。",
    example_en="the blank template from `catalogtool new`",
    example_zh="catalogtool new 生成的空白模板",
)
DUPLICATE_COLUMN = Rule(
    id="CT108",
    slug="duplicate-column",
    severity="error",
    title_en="Two columns (or keys) for the same field",
    title_zh="同一字段有两列（或两个键）",
    message_en="{column} also gives {field}; {first} is used",
    message_zh="{column_zh}与{first_zh}都是“{field_zh}”，只读取{first_zh}",
    hint_en="Remove or rename one of the two columns (keys)",
    hint_zh="请删除或重命名其中一列（一个键）",
    explanation_en="Each field must have one column (in a YAML/JSON entry, one key), or it is unclear "
    "which value is the requirement. Only the first is read.",
    explanation_zh="每个字段只能有一列（YAML/JSON 条目中只能有一个键），否则无法确定以哪一个为准；只读取第一个。",
    example_en="“学历” in column G and “学历要求” in column N",
    example_zh="G 列为“学历”，N 列为“学历要求”",
)
MERGED_DATA = Rule(
    id="CT109",
    slug="merged-data-cells",
    severity="warning",
    title_en="Merged cells in the data rows",
    title_zh="数据行中有合并单元格",
    message_en="Cells {range} are merged; only {cell} holds the value, the other rows read as empty",
    message_zh="单元格 {range} 已合并，只有 {cell} 有值，其他行按空白处理",
    hint_en="Unmerge the cells and fill the value into every row",
    hint_zh="请取消合并，并在每一行填写相应内容",
    explanation_en="A merged range keeps its value in its top-left cell only. Rows below it would read "
    "as blank, and each catalog row must stand on its own when filed and imported.",
    explanation_zh="合并单元格的值只保存在左上角单元格，其余行读取为空；目录每一行在备案和导入时都须完整独立。",
    example_en="产业领域 merged over rows 5-9",
    example_zh="产业领域 单元格合并了第 5-9 行",
)

CARRIED_DOWN = Rule(
    id="CT110",
    slug="merged-category-carried-down",
    severity="info",
    title_en="Merged category cells read into every row",
    title_zh="合并的分类单元格已逐行读取",
    message_en="{label} (column {column}) is merged down over the rows under each value ({ranges}); "
    "each value was read into every row it covers",
    message_zh="“{label_zh}”（第 {column} 列）按类向下合并（{ranges}），已将每个合并单元格的值读入其覆盖的每一行",
    hint_en="Nothing to fix; unmerging and filling each row makes the file clearer to other tools",
    hint_zh="无需修改；取消合并并逐行填写可使文件便于其他工具使用",
    explanation_en="Government tables merge a category column (所属产业, 小类代码, 小类名称) down over the posts "
    "under it. The value of such a vertical merge belongs to every row it covers, so it is read into each "
    "of them and reported once per column here. A merge across different fields of a row is still a warning (CT109).",
    explanation_zh="政府表格常将“所属产业”“小类代码”“小类名称”等分类列向下合并覆盖其下各岗位。纵向合并单元格的值属于其覆盖的每一行，"
    "因此逐行读取，并按列提示一次。同一行中跨不同字段的合并仍为警告（CT109）。",
    example_en="所属产业 集成电路 merged over rows 6-13",
    example_zh="所属产业“集成电路”合并了第 6-13 行",
)
SECTION_ROW = Rule(
    id="CT111",
    slug="section-row",
    severity="info",
    title_en="Section heading inside the table",
    title_zh="表格中的分类标题行",
    message_en="Row {row} ({text}) is a section heading, not a catalog row{filled}",
    message_zh="第 {row} 行（{text}）是分类标题行，不是目录条目{filled_zh}",
    hint_en="",
    hint_zh="",
    explanation_en="A single cell such as 一、集成电路（15个） or （二）生物医药 across the table heads the rows "
    "below it. It is skipped, and its text fills the industry of the rows under it that leave the "
    "industry blank.",
    explanation_zh="表格中独占一行的“一、集成电路（15个）”“（二）生物医药”等为分类标题，不作为目录条目读取；"
    "其下各行“产业领域”为空时，以标题文字填入。",
    example_en="一、集成电路（15个） (a section heading row)",
    example_zh="一、集成电路（15个）",
)
AFTER_NOTES = Rule(
    id="CT112",
    slug="row-after-notes",
    severity="warning",
    title_en="Row below the notes under the table",
    title_zh="表格注释之后的行",
    message_en="Row {row} comes after the notes that end the table (row {notes_row}) but looks like a catalog "
    "row; it was read as one",
    message_zh="第 {row} 行位于表格结束处的注释（第 {notes_row} 行）之后，但看起来是目录条目，已按目录条目读取",
    hint_en="Move the row into the table above the notes, or delete it",
    hint_zh="请将该行移到注释上方的表格中，或删除该行",
    explanation_en="Lines such as 注：…, 说明：…, （以下空白） or a signature and date line end the table and are "
    "not read. A row after them that has catalog values is still read and reported, so nothing is "
    "dropped silently.",
    explanation_zh="“注：”“说明：”“（以下空白）”及落款、日期等行表示表格结束，不作为目录条目读取。其后仍有目录内容的行"
    "照常读取并提示，不会被悄悄丢弃。",
    example_en="a post added under 注：1. …",
    example_zh="在“注：1. …”下方又加了一个岗位",
)
AMBIGUOUS_COLUMN = Rule(
    id="CT113",
    slug="ambiguous-column",
    severity="error",
    title_en="Header names two fields",
    title_zh="表头对应两个字段",
    message_en="Column {column} ({label}) names two fields, {first} and {second}; it is not read",
    message_zh="第 {column} 列（{label}）同时对应“{first_zh}”和“{second_zh}”两个字段，未读取",
    hint_en="Give the column one header, or split it into two columns",
    hint_zh="请为该列只写一个表头，或拆分为两列",
    explanation_en="Headers are matched against one table of spellings per field. A header whose parts "
    "(lines, or its Chinese and English) name different fields cannot be read without guessing which.",
    explanation_zh="表头按每个字段的一张写法表匹配。若表头的不同部分（不同行，或中文与英文）分别对应不同字段，"
    "无法确定该列是哪个字段。",
    example_en="“学历\nExperience”",
    example_zh="表头单元格“学历\nExperience”",
)

RULES: tuple[Rule, ...] = (
    UNUSABLE_FILE,
    MISSING_COLUMNS,
    UNKNOWN_COLUMN,
    FORMULA_CELL,
    FORMULA_NO_VALUE,
    CELL_TOO_LONG,
    ENCODING,
    NO_DATA_ROWS,
    DUPLICATE_COLUMN,
    MERGED_DATA,
    CARRIED_DOWN,
    SECTION_ROW,
    AFTER_NOTES,
    AMBIGUOUS_COLUMN,
)


def unusable_report(file: str, exc: CatalogToolError) -> FileReport:
    """The report of an input that could not be used: one file-level CT100 error with its message."""
    # The location names the file already: the message is the error line's, less its leading path.
    en, zh = exc.message_en, exc.message_zh
    en = en.removeprefix(f"{file}: ")
    zh = zh.removeprefix(f"{file}：")
    finding = UNUSABLE_FILE.finding(Location(file=file), reason=en, reason_zh=zh)
    return FileReport(file=file, sheet=None, rows=0, findings=(finding,), unusable=True)
