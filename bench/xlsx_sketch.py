"""Bench sketch: an XLSX writer that streams rows straight into the zip, vs export.write_xlsx.

    .venv/bin/python bench/xlsx_sketch.py OUT_DIR     # OUT_DIR: a run's output folder

A proposal for export.py, measured here and not used by the pipeline: xlsxwriter spends
about 8 µs a cell (Python objects per cell, then XML per cell at close), which on a
2-core box makes report.xlsx cost more than a sixth of the NLP time. Writing the sheet XML
ourselves, one joined string per row into a deflate stream, keeps what the report has
(bold bordered header, frozen first row, autofilter, column widths, text never read as a
formula) at a fraction of the time, and memory stays flat: nothing is kept per cell.
"""

# ruff: noqa: E501  (OOXML boilerplate reads best one part per line)

from __future__ import annotations

import re
import sys
import time
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "{sheets}</Types>"
)  # fmt: skip
_SHEET_TYPE = (
    '<Override PartName="/xl/worksheets/sheet{n}.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)  # fmt: skip
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    "{sheets}"
    '<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    "</Relationships>"
)  # fmt: skip
_SHEET_REL = (
    '<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet{n}.xml"/>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    "<sheets>{sheets}</sheets><definedNames>{names}</definedNames></workbook>"
)
# Style 0: default; style 1: the header, bold with thin borders, centred (as export.py has it).
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    '<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right>'
    '<top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom>'
    "<diagonal/></border></borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" '
    'applyAlignment="1"><alignment horizontal="center"/></xf></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)  # fmt: skip
# XML 1.0 cannot carry these at all; Excel's own escape for them is _xHHHH_.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(value: str) -> str:
    value = escape(value)
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    return value


def _sheet_xml_rows(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterable[str]:
    letters = [column_letter(i) for i in range(len(columns))]
    header = "".join(
        f'<c r="{letter}1" s="1" t="inlineStr"><is><t>{_text(str(name))}</t></is></c>'
        for letter, name in zip(letters, columns, strict=True)
    )
    yield f'<row r="1">{header}</row>'
    for number, row in enumerate(rows, start=2):
        cells = []
        for letter, value in zip(letters, row, strict=True):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                cells.append(
                    f'<c r="{letter}{number}" t="inlineStr"><is><t xml:space="preserve">'
                    f"{_text(value)}</t></is></c>"
                )
            elif isinstance(value, bool):
                cells.append(f'<c r="{letter}{number}" t="b"><v>{int(value)}</v></c>')
            else:
                cells.append(f'<c r="{letter}{number}"><v>{value!r}</v></c>')
        yield f'<row r="{number}">{"".join(cells)}</row>'


def write_workbook(
    target: Path,
    sheets: Sequence[tuple[str, Sequence[str], Sequence[float], Iterable[Sequence[object]], int]],
) -> None:
    """sheets: (name, column names, column widths, rows of Python values, row count)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        types = "".join(_SHEET_TYPE.format(n=n) for n in range(1, len(sheets) + 1))
        package.writestr("[Content_Types].xml", _CONTENT_TYPES.format(sheets=types))
        package.writestr("_rels/.rels", _RELS)
        rels = "".join(_SHEET_REL.format(n=n) for n in range(1, len(sheets) + 1))
        package.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS.format(sheets=rels))
        package.writestr("xl/styles.xml", _STYLES)
        entries, names = [], []
        for n, (name, columns, widths, rows, count) in enumerate(sheets, start=1):
            entries.append(f'<sheet name="{_text(name)}" sheetId="{n}" r:id="rId{n}"/>')
            last = column_letter(max(len(columns) - 1, 0))
            area = f"A1:{last}{max(count, 1) + 1}"
            names.append(
                f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n - 1}" hidden="1">'
                f"'{name}'!${area.replace(':', ':$').replace('A1', 'A$1')}</definedName>"
            )
            cols = "".join(
                f'<col min="{i}" max="{i}" width="{width:.2f}" customWidth="1"/>'
                for i, width in enumerate(widths, start=1)
            )
            with package.open(f"xl/worksheets/sheet{n}.xml", "w", force_zip64=True) as part:
                part.write(
                    (
                        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                        f'<dimension ref="A1:{last}{count + 1}"/><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
                        'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
                        f"<cols>{cols}</cols><sheetData>"
                    ).encode()
                )  # fmt: skip
                chunk: list[str] = []
                for row_xml in _sheet_xml_rows(columns, rows):
                    chunk.append(row_xml)
                    if len(chunk) >= 512:
                        part.write("".join(chunk).encode())
                        chunk.clear()
                part.write("".join(chunk).encode())
                part.write(f'</sheetData><autoFilter ref="{area}"/></worksheet>'.encode())
        package.writestr(
            "xl/workbook.xml", _WORKBOOK.format(sheets="".join(entries), names="".join(names))
        )


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import pandas as pd

    from pipeline import export
    from pipeline.store import Store

    out = Path(sys.argv[1])
    with Store(out) as store:
        frames = {table: store.frame(table) for table in export.TABLES}
    cells = sum(frame.size for frame in frames.values())
    started = time.perf_counter()
    export.write_xlsx(frames, out / "sketch-reference.xlsx")
    reference = time.perf_counter() - started

    started = time.perf_counter()
    sheets = []
    for name, frame in frames.items():
        frame = frame.head(export.XLSX_MAX_ROWS)
        widths = []
        for column in frame.columns:
            sample = frame[column].head(2000).astype("string").str.len().max()
            width = max(len(str(column)), 0 if pd.isna(sample) else int(sample)) + 2
            widths.append(min(width, export.MAX_COLUMN_WIDTH))
        rows = export._plain_rows(frame)
        sheets.append((name, list(frame.columns), widths, rows, len(rows)))
    write_workbook(out / "sketch.xlsx", sheets)
    sketch = time.perf_counter() - started

    from openpyxl import load_workbook

    a = load_workbook(out / "sketch-reference.xlsx", read_only=True)
    b = load_workbook(out / "sketch.xlsx", read_only=True)
    same = all(
        list(a[name].iter_rows(values_only=True)) == list(b[name].iter_rows(values_only=True))
        for name in frames
    )
    print(
        f"{cells:,} cells: export.write_xlsx {reference:.2f} s, sketch {sketch:.2f} s "
        f"({reference / sketch:.1f}x); same cell values: {same}"
    )
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
