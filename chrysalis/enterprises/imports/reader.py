"""Hardened spreadsheet reader (security checklist B-06, B-07, C-08, C-09).

Accepts .xlsx (a zip of XML, parsed by openpyxl with defusedxml, read-only, cached values only)
and .csv (UTF-8 with or without BOM, or GB18030 as Excel on Chinese Windows writes it). Refuses,
before parsing: files over the size limit, wrong content for the extension (an .xlsx that is
really CSV/HTML, an old .xls, a macro workbook), zip bombs (declared sizes, ratios, entry count),
external links, and sheets over the row / column / cell-length limits.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import zipfile
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

from chrysalis.enterprises.imports import layout


class HostileFileError(ValueError):
    """The file was refused; `.message` says why (Chinese through the catalogue)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


MAX_BYTES = "ENTERPRISE_IMPORT_MAX_BYTES"  # 50 MB
MAX_ROWS = "ENTERPRISE_IMPORT_MAX_ROWS"  # 400,000 data rows
MAX_COLUMNS = "ENTERPRISE_IMPORT_MAX_COLUMNS"  # 200
MAX_CELL = "ENTERPRISE_IMPORT_MAX_CELL_CHARS"  # 1,000 characters
MAX_UNZIPPED = "ENTERPRISE_IMPORT_MAX_UNZIPPED_BYTES"  # 400 MB in total
MAX_RATIO = 200  # a worksheet's XML compresses 5–30×; 200× is a bomb
MAX_ENTRIES = 300


MAX_SHARED_STRINGS = "ENTERPRISE_IMPORT_MAX_SHARED_STRINGS_BYTES"  # 40 MB: read whole into memory


class PendingFormula(str):
    """A formula cell saved without its computed value (a sheet written by a script): its coordinate."""


@dataclass
class Sheet:
    kind: str  # xlsx | csv
    headers: list[str]
    rows: Generator[tuple[int, list], None, None]  # (spreadsheet row number, values)
    header_row: int = 1
    sheet_name: str = ""
    sheet_names: list[str] = field(default_factory=list)
    title_year: int | None = None  # a year in a title row above the header ("2025年度……")


def sniff(data: bytes | Path, file_name: str) -> str:
    """The file's kind (xlsx | csv), or HostileFileError. `data` is the content or the path of a stored
    file."""
    if isinstance(data, Path):
        size = data.stat().st_size
        with data.open("rb") as fh:
            data = fh.read(8192)
    else:
        size = len(data)
    name = (file_name or "").lower()
    if size == 0:
        raise HostileFileError(_("The file is empty."))
    if size > limit(MAX_BYTES, 50 * 1024 * 1024):
        raise HostileFileError(
            _("The file is larger than %(mb)d MB.")
            % {"mb": limit(MAX_BYTES, 50 * 1024 * 1024) // (1024 * 1024)}
        )
    if name.endswith((".xlsm", ".xltm", ".xlam", ".xlsb")):
        raise HostileFileError(
            _("Workbooks with macros (.xlsm and similar) are not accepted. Save the sheet as .xlsx.")
        )
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise HostileFileError(_("Old Excel files (.xls) are not accepted. Save the sheet as .xlsx or .csv."))
    if name.endswith(".xlsx"):
        if data[:4] != b"PK\x03\x04":
            raise HostileFileError(
                _("This file is named .xlsx but is not an Excel workbook (its content is of another type).")
            )
        return "xlsx"
    if name.endswith(".csv"):
        head = data[:2048].lstrip(b"\xef\xbb\xbf").lstrip().lower()
        if data[:4] == b"PK\x03\x04" or b"\x00" in data[:8192]:
            raise HostileFileError(_("This file is named .csv but contains binary data."))
        if head.startswith((b"<!doctype", b"<html", b"<?xml", b"<table")):
            raise HostileFileError(_("This file is named .csv but is a web page or XML document."))
        return "csv"
    raise HostileFileError(_("Only .xlsx and .csv files can be imported."))


def _check_zip(data: bytes) -> None:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise HostileFileError(_("The workbook is damaged (not a valid zip container).")) from exc
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise HostileFileError(_("The workbook has too many parts (%(n)d).") % {"n": len(infos)})
    total = 0
    for info in infos:
        lname = info.filename.lower()
        if lname.endswith("vbaproject.bin") or "/vba" in lname:
            raise HostileFileError(
                _(
                    "The workbook contains macros; they are not accepted. "
                    "Save the sheet as .xlsx without macros."
                )
            )
        if lname.startswith("xl/externallinks/"):
            raise HostileFileError(
                _("The workbook links to other files (external links); remove the links and save again.")
            )
        if lname.startswith("xl/activex/") or lname.startswith("xl/embeddings/"):
            raise HostileFileError(_("The workbook contains embedded objects; they are not accepted."))
        total += info.file_size
        if (
            info.compress_size
            and info.file_size / max(info.compress_size, 1) > MAX_RATIO
            and info.file_size > 1024 * 1024
        ):
            raise HostileFileError(
                _(
                    "The workbook expands to an implausible size (compression ratio over %(r)d); "
                    "refused as a zip bomb."
                )
                % {"r": MAX_RATIO}
            )
        if lname == "xl/sharedstrings.xml" and info.file_size > limit(MAX_SHARED_STRINGS, 40 * 1024 * 1024):
            # the text table is read into memory whole (the sheet itself is streamed): capped
            raise HostileFileError(
                _(
                    "The workbook's text table is larger than %(mb)d MB and cannot be read safely; "
                    "save the sheet as .csv (UTF-8) and import the CSV."
                )
                % {"mb": limit(MAX_SHARED_STRINGS, 40 * 1024 * 1024) // (1024 * 1024)}
            )
    if total > limit(MAX_UNZIPPED, 400 * 1024 * 1024):
        raise HostileFileError(
            _("The workbook expands to more than %(mb)d MB; refused.")
            % {"mb": limit(MAX_UNZIPPED, 400 * 1024 * 1024) // (1024 * 1024)}
        )
    try:
        types = zf.read("[Content_Types].xml")
    except KeyError as exc:
        raise HostileFileError(_("The workbook is damaged (no content types).")) from exc
    if b"macroEnabled" in types:
        raise HostileFileError(
            _("The workbook contains macros; they are not accepted. Save the sheet as .xlsx without macros.")
        )


def _cell_text(value, max_cell: int = 1000):
    if value.__class__ is PendingFormula:
        return value
    if isinstance(value, str):
        if len(value) > max_cell:
            raise HostileFileError(_("A cell holds more than %(n)d characters.") % {"n": max_cell})
        return value.strip()
    if isinstance(value, float):
        # keep the shortest decimal representation (0.1 stays 0.1), never binary float artefacts
        return repr(value) if value == value and value not in (float("inf"), float("-inf")) else None
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time(0) else value
    return value


def read_sheet(
    data: bytes | Path, file_name: str, *, sheet_name: str | None = None, header_row: int | None = None
) -> Sheet:
    """The header and a row iterator. A stored file (Path) is streamed: only one row is in memory at a
    time. The data sheet and its header row are detected (the first rows are scanned for recognised
    headers); ``sheet_name`` and ``header_row`` are the user's corrections."""
    kind = sniff(data, file_name)
    if kind == "xlsx":  # compressed (≤ 50 MB); openpyxl's read-only mode streams the sheet XML from it
        return _read_xlsx(
            data.read_bytes() if isinstance(data, Path) else data,
            sheet_name=sheet_name,
            header_row=header_row,
        )
    return _read_csv(data, header_row=header_row)


def _locate(rows: Iterator[tuple[int, list]], header_row: int | None):
    """(layout or None, buffered first rows, rest of the iterator)."""
    buffered = []
    for item in rows:
        buffered.append(item)
        if len(buffered) >= layout.SCAN_ROWS or (header_row is not None and item[0] >= header_row + 1):
            break
    return layout.detect(buffered, header_row), buffered, rows


def _header(values) -> list[str]:
    headers = [("" if v is None else str(v)).strip() for v in values]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise HostileFileError(_("The first row must hold the column headers; it is empty."))
    if len(headers) > limit(MAX_COLUMNS, 200):
        raise HostileFileError(_("The sheet has more than %(n)d columns.") % {"n": limit(MAX_COLUMNS, 200)})
    for h in headers:
        if len(h) > 200:
            raise HostileFileError(_("A column header is longer than 200 characters."))
    return headers


class _Parser(WorkSheetParser):
    """openpyxl's sheet parser, keeping cached values only but marking a formula cell that has none."""

    def parse_cell(self, element):
        cell = super().parse_cell(element)
        if cell["value"] is None and element.find(FORMULA_TAG) is not None:
            cell["value"] = PendingFormula(element.get("r") or "")
        return cell


def _sheet_rows(ws) -> Iterator[tuple[int, list]]:
    """(row number, values) of a read-only worksheet, streamed from its XML."""
    with ws._get_source() as src:  # noqa: SLF001 - the documented read-only source, parsed our way
        parser = _Parser(
            src,
            ws._shared_strings,  # noqa: SLF001
            data_only=True,
            epoch=ws.parent.epoch,
            date_formats=ws.parent._date_formats,  # noqa: SLF001
            timedelta_formats=ws.parent._timedelta_formats,  # noqa: SLF001
        )
        for number, cells in parser.parse():
            if not cells:
                continue
            values: list = [None] * max(c["column"] for c in cells)
            for c in cells:
                values[c["column"] - 1] = c["value"]
            yield number, values


def _open_workbook(data: bytes):
    import openpyxl

    if not openpyxl.DEFUSEDXML:  # pragma: no cover - defusedxml is a pinned dependency
        raise HostileFileError("defusedxml is required to read workbooks safely")
    _check_zip(data)
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # noqa: BLE001 - defusedxml raises on entities; any parse failure is a refusal
        name = type(exc).__name__
        if "Entit" in name or "DTD" in name or "Forbidden" in name:
            raise HostileFileError(_("The workbook contains XML entity declarations; refused.")) from exc
        raise HostileFileError(
            _("The workbook cannot be read: it is damaged or not an Excel workbook.")
        ) from exc


def _pick_sheet(wb, sheet_name: str | None, header_row: int | None):
    """The worksheet to import and its layout: the named one, else the first whose header is found
    (a cover or notes sheet before the data is passed over), else the first sheet."""
    sheets = [ws for ws in wb.worksheets if ws.sheet_state == "visible"] or list(wb.worksheets)
    if sheet_name is not None:
        chosen = [ws for ws in wb.worksheets if ws.title == sheet_name]
        if not chosen:
            raise HostileFileError(_("The workbook has no sheet named “%(s)s”.") % {"s": sheet_name})
        sheets = chosen
    first = None
    for ws in sheets:
        rows = _sheet_rows(ws)
        found, buffered, rest = _locate(rows, header_row)
        if found is not None:
            if first is not None:
                first[3].close()
            return ws, found, buffered, rest
        if first is None:
            first = (ws, found, buffered, rest)  # kept open: the fallback when no sheet is recognised
        else:
            rows.close()
    return first


def _read_xlsx(data: bytes, *, sheet_name: str | None = None, header_row: int | None = None) -> Sheet:
    wb = _open_workbook(data)
    try:
        picked = _pick_sheet(wb, sheet_name, header_row)
    except HostileFileError:
        wb.close()
        raise
    except Exception as exc:  # noqa: BLE001
        wb.close()
        raise HostileFileError(_("The workbook contains XML entity declarations; refused.")) from exc
    if picked is None:
        wb.close()
        raise HostileFileError(_("The sheet is empty."))
    ws, found, buffered, rest = picked
    max_rows = limit(MAX_ROWS, 400_000)
    if ws.max_row and ws.max_row > max_rows + 1 + (found.header_row if found else 1):
        wb.close()
        raise HostileFileError(
            _("The sheet has more than %(n)d rows; split it into several files.") % {"n": max_rows}
        )
    if not buffered:
        wb.close()
        raise HostileFileError(_("The sheet is empty."))
    if found is None:  # nothing recognised: the first row is the header, the user maps the columns
        header_number, raw_headers = buffered[0]
        headers = _header(raw_headers)
        title_year = None
    else:
        header_number, headers, title_year = found.header_row, _header(found.headers), found.title_year
    width = len(headers)
    max_cell = limit(MAX_CELL, 1000)

    def rows():
        count = 0
        try:
            for number, values in itertools.chain(buffered, rest):
                if number <= header_number:
                    continue
                vals = [_cell_text(v, max_cell) for v in values[:width]]
                if all(v in (None, "") for v in vals):
                    continue
                count += 1
                if count > max_rows:
                    raise HostileFileError(
                        _("The sheet has more than %(n)d rows; split it into several files.")
                        % {"n": max_rows}
                    )
                yield number, vals + [None] * (width - len(vals))
        except HostileFileError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise HostileFileError(
                _("The workbook cannot be read: it is damaged or not an Excel workbook.")
            ) from exc
        finally:
            wb.close()

    return Sheet(
        "xlsx",
        headers,
        rows(),
        header_row=header_number,
        sheet_name=ws.title,
        sheet_names=[w.title for w in wb.worksheets],
        title_year=title_year,
    )


def _valid(fh, encoding: str) -> bool:
    """Whether the rest of the binary file decodes as `encoding` (1 MB at a time; nothing kept)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        while chunk := fh.read(1 << 20):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _text_stream(data: bytes | Path) -> io.TextIOWrapper:
    """The CSV as a text stream (UTF-8 with or without BOM, else GB18030), never decoded as a whole."""
    fh = data.open("rb") if isinstance(data, Path) else io.BytesIO(data)
    bom = fh.read(3) == b"\xef\xbb\xbf"
    start = 3 if bom else 0
    for encoding in ("utf-8",) if bom else ("utf-8", "gb18030"):
        fh.seek(start)
        if _valid(fh, encoding):
            fh.seek(start)
            return io.TextIOWrapper(fh, encoding=encoding, newline="")
    fh.close()
    raise HostileFileError(_("The CSV file is neither UTF-8 nor GB18030 text."))


def _read_csv(data: bytes | Path, *, header_row: int | None = None) -> Sheet:
    stream = _text_stream(data)
    reader = csv.reader(stream)
    # the record's row as a spreadsheet shows it (reader.line_num counts the line breaks inside quoted
    # cells, so it drifts after a cell with a line break)
    numbered = enumerate(reader, start=1)
    try:
        found, buffered, rest = _locate(numbered, header_row)
        if not buffered:
            raise HostileFileError(_("The sheet is empty."))
        if found is None:
            header_number, raw_headers = buffered[0]
            headers, title_year = _header(raw_headers), None
        else:
            header_number, headers, title_year = found.header_row, _header(found.headers), found.title_year
    except csv.Error as exc:
        stream.close()
        raise HostileFileError(_("The CSV file cannot be read: %(e)s") % {"e": exc}) from exc
    except HostileFileError:
        stream.close()
        raise
    width = len(headers)
    max_rows = limit(MAX_ROWS, 400_000)
    max_cell = limit(MAX_CELL, 1000)

    def rows():
        count = 0
        try:
            for number, values in itertools.chain(buffered, rest):
                # "".join(…).strip(): true when any cell holds more than white space (one C call)
                if number <= header_number or not "".join(values).strip():
                    continue
                count += 1
                if count > max_rows:
                    raise HostileFileError(
                        _("The sheet has more than %(n)d rows; split it into several files.")
                        % {"n": max_rows}
                    )
                values = values[:width]
                if max(map(len, values)) <= max_cell:
                    vals = list(map(str.strip, values))
                else:
                    vals = [v.strip() if len(v) <= max_cell else _cell_text(v, max_cell) for v in values]
                if len(vals) < width:
                    vals += [None] * (width - len(vals))
                yield number, vals
        except csv.Error as exc:
            raise HostileFileError(_("The CSV file cannot be read: %(e)s") % {"e": exc}) from exc
        finally:
            stream.close()

    return Sheet("csv", headers, rows(), header_row=header_number, title_year=title_year)
