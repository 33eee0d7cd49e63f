"""Turn inbox files into raw records, one per article as received.

Reading never raises for a bad file: whatever goes wrong becomes a record with `read_error` set, so the
parse step can quarantine it with a reason and nothing is lost.
"""

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

ARTICLE_SUFFIXES = {".txt": "txt", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".html": "html",
                    ".htm": "html"}
SIDECAR_SUFFIX = ".meta.json"
# What reading can find wrong with a record (raw_articles.read_error); each is also a quarantine reason.
READ_ERRORS = ("empty", "binary", "undecodable", "too_large", "unreadable", "unsupported_format")
_HASH_CHUNK = 1 << 20


@dataclass(frozen=True)
class InboxFile:
    path: str
    file_hash: str  # content hash (with the sidecar's bytes): the same file twice is recognised by it
    size_bytes: int
    error: str | None = None  # set when the file cannot even be stat-ed or hashed
    detail: str | None = None


def walk_inbox(paths: Iterable[str]) -> Iterator[Path]:
    """Every candidate article file under the given files/directories, recursively, in a stable order: hidden
    files and folders (editor swap files, .git) and .meta.json sidecars are not articles. Directory symlinks
    are not followed (no loops). A root that does not exist is yielded as it is (reading records it)."""
    for root in paths:
        root_path = Path(root)
        if root_path.is_dir():
            for dirpath, dirnames, filenames in os.walk(root_path, followlinks=False):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    if not name.startswith(".") and not name.endswith(SIDECAR_SUFFIX):
                        yield Path(dirpath) / name
        else:
            yield root_path


def iter_inbox_files(paths: Iterable[str]) -> Iterator[InboxFile]:
    """walk_inbox with each file's content hash; a file that cannot be read, or a symlink that cannot be
    resolved, becomes an InboxFile with an error."""
    for path in walk_inbox(paths):
        if path.exists() or path.is_symlink():
            yield _inbox_file(path)
        else:
            yield InboxFile(str(path), _error_hash(path, "missing"), 0, "unreadable", "path does not exist")


def _error_hash(path: Path, error: str) -> str:
    # Deterministic, so an unreadable file seen twice is recorded once.
    return hashlib.sha256(f"{error}:{path.absolute()}".encode()).hexdigest()


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name.rsplit(".", 1)[0] + SIDECAR_SUFFIX)


# (path, size, mtime) of a file and of its sidecar -> its InboxFile: the command line hashes the inbox to decide
# whether to start a run, then the run's ingestion hashes it again in the same process (the sensor's signature).
_HASHED: dict[tuple, InboxFile] = {}
_HASHED_MAX = 100_000


def _inbox_file(path: Path) -> InboxFile:
    try:
        stat, sidecar = path.stat(), sidecar_path(path)
        sidecar_stat = sidecar.stat() if sidecar.is_file() else None
        key = (str(path), stat.st_size, stat.st_mtime_ns,
               sidecar_stat and (sidecar_stat.st_size, sidecar_stat.st_mtime_ns))
        if (known := _HASHED.get(key)) is not None:
            return known
        hashed = _hash_file(path, stat.st_size)
    except OSError as exc:
        return InboxFile(str(path), _error_hash(path, "unreadable"), 0, "unreadable",
                         f"{type(exc).__name__}: {exc.strerror or exc}")
    if len(_HASHED) >= _HASHED_MAX:
        _HASHED.clear()
    _HASHED[key] = hashed
    return hashed


def _hash_file(path: Path, size: int) -> InboxFile:
    """The file's content hash (its sidecar's content included); OSError if it cannot be read."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_HASH_CHUNK):
            digest.update(chunk)
    sidecar = sidecar_path(path)
    if sidecar.is_file():
        digest.update(sidecar.read_bytes())
    return InboxFile(str(path), digest.hexdigest(), size)


def decode_bytes(data: bytes) -> tuple[str | None, str | None]:
    """Decode text of unknown encoding. Returns (text, None) or (None, reason)."""
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding), None
            except UnicodeDecodeError:
                return None, "undecodable"
    if b"\x00" in data[:8192]:
        return None, "binary"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        best = charset_normalizer.from_bytes(data[:65536]).best()
        if best is None:
            return None, "undecodable"
        try:
            text = data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            return None, "undecodable"
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.05 * min(len(text), 8192):
        return None, "binary"
    return text, None


def _record(n: int, fmt: str, content: str | None, size: int, sidecar: str | None = None,
            error: str | None = None, detail: str | None = None) -> dict:
    assert error is None or error in READ_ERRORS, error
    return {"record_no": n, "format": fmt, "content": content, "content_bytes": size, "sidecar": sidecar,
            "read_error": error, "error_detail": detail}


def read_records(file: InboxFile, max_record_bytes: int) -> Iterator[dict]:
    """Raw records of one file. JSONL is streamed line by line; other formats are one record per file
    (a JSON array gives one record per element)."""
    path = Path(file.path)
    fmt = ARTICLE_SUFFIXES.get(path.suffix.lower(), "unknown")
    if file.error:
        yield _record(0, fmt, None, file.size_bytes, error=file.error, detail=file.detail)
        return
    if fmt == "unknown":
        yield _record(0, fmt, None, file.size_bytes, error="unsupported_format",
                      detail=f"no reader for '{path.suffix or path.name}' files")
        return
    if file.size_bytes == 0:
        yield _record(0, fmt, None, 0, error="empty", detail="file is empty")
        return
    try:
        if fmt == "jsonl":
            yield from _read_jsonl(path, max_record_bytes)
            return
        if file.size_bytes > max_record_bytes:
            yield _record(0, fmt, None, file.size_bytes, error="too_large",
                          detail=f"{file.size_bytes} bytes > limit {max_record_bytes}")
            return
        text, error = decode_bytes(path.read_bytes())
        if error:
            yield _record(0, fmt, None, file.size_bytes, error=error, detail=f"cannot decode {path.name}")
            return
        if not text.strip():
            yield _record(0, fmt, None, file.size_bytes, error="empty", detail="file holds only white space")
            return
        sidecar = None
        if fmt == "txt" and sidecar_path(path).is_file():
            sidecar, _ = decode_bytes(sidecar_path(path).read_bytes())
        if fmt == "json":
            yield from _split_json_array(text, file.size_bytes)
            return
        yield _record(0, fmt, text, file.size_bytes, sidecar=sidecar)
    except OSError as exc:
        yield _record(0, fmt, None, file.size_bytes, error="unreadable", detail=f"{type(exc).__name__}: {exc}")


def _split_json_array(text: str, size: int) -> Iterator[dict]:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        value = None  # the parse step reports the exact JSON error
    if isinstance(value, list):
        for n, item in enumerate(value, start=1):
            yield _record(n, "json", json.dumps(item, ensure_ascii=False), size)
    else:
        yield _record(0, "json", text, size)


def _read_jsonl(path: Path, max_record_bytes: int) -> Iterator[dict]:
    with path.open("rb") as fh:
        head = fh.read(4)
        fh.seek(0)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            # UTF-16 JSONL: rare enough to decode whole (still bounded by the file size).
            text, error = decode_bytes(fh.read())
            lines = [line.encode() for line in (text or "").splitlines()] if not error else []
            if error:
                yield _record(0, "jsonl", None, path.stat().st_size, error=error, detail="cannot decode file")
                return
        else:
            lines = fh
        for n, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            if len(raw) > max_record_bytes:
                yield _record(n, "jsonl", None, len(raw), error="too_large",
                              detail=f"line of {len(raw)} bytes > limit {max_record_bytes}")
                continue
            text, error = decode_bytes(raw)
            if error:
                yield _record(n, "jsonl", None, len(raw), error=error, detail=f"line {n} cannot be decoded")
            else:
                yield _record(n, "jsonl", text.rstrip("\r\n"), len(raw))
