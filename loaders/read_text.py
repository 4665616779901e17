"""Getting a file's bytes (from a path or a URL) and reading them as CSV the way people
actually save them: Excel's byte-order mark and Windows-1252 text are read correctly,
while a wrong delimiter, a file cut short or an empty file are reported as problems.
"""

import csv
import hashlib
import http.client
import io
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from loaders.problems import LoadRefused, Problems

URL_SCHEMES = ("http", "https")
DOWNLOAD_TIMEOUT_SECONDS = 60  # a stalled server gets a message, not a hang
DOWNLOAD_CHUNK_BYTES = 1 << 20
PROGRESS_EVERY_ROWS = 200_000
PROGRESS_EVERY_BYTES = 20 << 20

# Delimiters people's spreadsheets write instead of a comma (European Excel, "Unicode text").
OTHER_DELIMITERS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}


@dataclass(frozen=True)
class SourceFile:
    location: str      # the path or URL as the user gave it (paths made absolute)
    name: str          # the file name, as messages show it
    data: bytes
    sha256: str


def is_url(location: str) -> bool:
    return urllib.parse.urlparse(location).scheme in URL_SCHEMES


def fetch(location: str, progress=lambda message: None) -> SourceFile:
    """The bytes of a local file or of a URL, with their SHA-256 checksum."""
    if is_url(location):
        name = Path(urllib.parse.unquote(urllib.parse.urlparse(location).path)).name or location
        data = _download(location, name, progress)
    else:
        path = Path(location).expanduser().resolve()
        name = path.name
        if not path.exists():
            raise LoadRefused.single(location, "there is no such file.")
        if path.is_dir():
            raise LoadRefused.single(location, "this is a folder, not a file.")
        data = path.read_bytes()
        location = str(path)
    return SourceFile(location, name, data, hashlib.sha256(data).hexdigest())


def _download(url: str, name: str, progress) -> bytes:
    progress(f"Downloading {url} ...")
    chunks, received, declared, cut_short = [], 0, None, False
    try:
        with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT_SECONDS) as response:
            length = response.headers.get("Content-Length")
            declared = int(length) if length and length.isdigit() else None
            next_report = PROGRESS_EVERY_BYTES
            while chunk := response.read(DOWNLOAD_CHUNK_BYTES):
                chunks.append(chunk)
                received += len(chunk)
                if received >= next_report:
                    progress(f"  downloaded {received / (1 << 20):,.0f} MB")
                    next_report += PROGRESS_EVERY_BYTES
    except urllib.error.HTTPError as error:
        raise LoadRefused.single(name, f"the server answered {error.code} {error.reason} for {url}.")
    except http.client.IncompleteRead:
        cut_short = True
    except (urllib.error.URLError, http.client.HTTPException, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise LoadRefused.single(name, f"could not download {url}: {reason}.")
    if cut_short or (declared is not None and declared != received):
        of = f" of {declared:,}" if declared is not None else ""
        raise LoadRefused.single(name, f"the download stopped after {received:,}{of} bytes: the file is cut "
                                       "short. Nothing was loaded; try again.")
    return b"".join(chunks)


def decode(source: SourceFile) -> tuple[str, str]:
    """The file's text and a description of its encoding.

    UTF-8 (with or without Excel's byte-order mark) and UTF-16 with a byte-order mark
    are read as such; anything else that is not valid UTF-8 is read as Windows-1252,
    which is what Excel on Windows writes for "CSV (Comma delimited)".
    """
    data = source.data
    if data.startswith(b"PK\x03\x04"):
        raise LoadRefused.single(source.name, "this is an Excel workbook (or another zip file), not CSV. "
                                              "Open it in Excel and save it as 'CSV UTF-8 (Comma delimited)'.")
    if data.startswith(b"PAR1"):
        raise LoadRefused.single(source.name, "this is a Parquet file, not CSV.")
    try:
        if data.startswith(b"\xef\xbb\xbf"):
            return _without_nul(source, data[3:].decode("utf-8")), "UTF-8 with a byte-order mark"
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return _without_nul(source, data.decode("utf-16")), "UTF-16"
    except UnicodeDecodeError:
        raise LoadRefused.single(source.name, "the file starts with a byte-order mark but its text is not in "
                                              "that encoding: save it again as 'CSV UTF-8'.") from None
    try:
        text, encoding = data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        try:
            text, encoding = data.decode("cp1252"), "Windows-1252"
        except UnicodeDecodeError as error:
            line = data[:error.start].count(b"\n") + 1
            raise LoadRefused.single(source.name, "this is not text in UTF-8 or Windows-1252: "
                                                  "save it from a spreadsheet as CSV.", line=line)
    return _without_nul(source, text), encoding


def _without_nul(source: SourceFile, text: str) -> str:
    if "\x00" in text:
        line = text[:text.index("\x00")].count("\n") + 1
        raise LoadRefused.single(source.name, "the file contains NUL bytes, so it is not a CSV text file.",
                                 line=line)
    return text


@dataclass
class CsvTable:
    """The rows of a CSV file with the physical line each one starts on (header = line 1)."""

    file: str
    header: list[str]
    rows: list[list[str]]
    lines: list[int]
    encoding: str
    problems: Problems
    rows_with_wrong_width: int = 0

    @property
    def rows_read(self) -> int:
        return len(self.rows) + self.rows_with_wrong_width


def read_csv_table(source: SourceFile, progress=lambda message: None) -> CsvTable:
    """Read comma-separated text; rows whose width differs from the header's are problems
    (and are not returned). Refuses at once when there is no usable header."""
    text, encoding = decode(source)
    if not text.strip():
        raise LoadRefused.single(source.name, "the file is empty.")
    problems = Problems(source.name)
    ends_without_newline = not text.endswith(("\n", "\r"))
    last_line = sum(1 for _ in io.StringIO(text, newline=""))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header, rows, lines, wrong_width = None, [], [], 0
    line_before = 0
    try:
        for record in reader:
            first_line, line_before = line_before + 1, reader.line_num
            if not any(field.strip() for field in record):
                continue  # blank lines, and the ",,,," rows Excel leaves after formatted cells
            if header is None:
                header = [name.strip() for name in record]
                _check_delimiter(source.name, header)
                continue
            if len(record) != len(header):
                wrong_width += 1
                cut_short = ends_without_newline and reader.line_num == last_line
                problems.add(first_line, None, ",".join(record), _width_message(record, header, cut_short=cut_short))
                continue
            rows.append(record)
            lines.append(first_line)
            if len(rows) % PROGRESS_EVERY_ROWS == 0:
                progress(f"  read {len(rows):,} rows")
    except csv.Error as error:
        message = str(error)
        if "unexpected end of data" in message:
            message = ("the file ends inside a quoted value: it looks cut short "
                       "(an interrupted download or copy?), or a quote is not closed")
        problems.add(line_before + 1, None, None, f"the text cannot be read as CSV here: {message}.")
    if header is None:
        problems.raise_if_any()
        raise LoadRefused.single(source.name, "the file is empty.")
    if not rows and not problems:
        raise LoadRefused.single(source.name, "the file has a header but no data rows.")
    return CsvTable(source.name, header, rows, lines, encoding, problems, wrong_width)


def _check_delimiter(file: str, header: list[str]) -> None:
    if len(header) != 1:
        return
    for delimiter, name in OTHER_DELIMITERS.items():
        if delimiter in header[0]:
            raise LoadRefused.single(
                file, f"the columns are separated by {name}, not commas. Save the file as "
                      "'CSV UTF-8 (Comma delimited)' and load it again.",
                line=1, value=header[0])


def _width_message(record, header, *, cut_short: bool) -> str:
    if len(record) < len(header) and cut_short:
        return (f"the file ends part way through this line ({len(record)} of {len(header)} values): "
                "it looks cut short (an interrupted download or copy?).")
    if len(record) < len(header):
        return f"this line has {len(record)} values but the header has {len(header)} columns."
    return (f"this line has {len(record)} values but the header has {len(header)} columns "
            "(a comma inside a value that is not in quotes?).")


def reference_rows(location, columns, what: str):
    """A small reference CSV a user may edit (blank lines and # comments allowed): its
    Problems (for the caller's own checks), its header (lower case) and each data row as
    (line number, values). Raises LoadRefused if it is empty or a column is missing."""
    source = fetch(str(location))
    text, _ = decode(source)
    problems = Problems(source.name)
    lines = [(number, line) for number, line in enumerate(io.StringIO(text, newline="").readlines(), start=1)
             if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        problems.add(None, None, None, f"the {what} file is empty.")
        problems.raise_if_any()
    reader = csv.reader([line for _, line in lines], strict=True)
    header = [name.strip().casefold() for name in next(reader)]
    for column in columns:
        if column not in header:
            problems.add(lines[0][0], column, None,
                         f"the column '{column}' is missing; the header must be {','.join(columns)}.")
    problems.raise_if_any()
    return problems, header, [(number, record) for (number, _), record in zip(lines[1:], reader)]
