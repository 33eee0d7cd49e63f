"""Ingestion: new inbox files into raw_articles, exactly as received, one transaction per file."""

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb

from pipeline import settings
from pipeline.batching import batched
from pipeline.ingest.readers import InboxFile, iter_inbox_files, read_records
from pipeline.warehouse.schema import frame
from pipeline.warehouse.writes import Change, apply_changes

WRITE_BATCH = 2000


@dataclass
class IngestResult:
    new_files: list[str] = field(default_factory=list)  # file hashes ingested by this call
    new_records: int = 0
    known_files: int = 0


def raw_id(file_hash: str, record_no: int) -> str:
    return hashlib.sha1(f"{file_hash}:{record_no}".encode()).hexdigest()[:16]


def ingest_inbox(con: duckdb.DuckDBPyConnection, paths: list[str], ingest_date: dt.date, max_record_bytes: int,
                 log: Callable[[str], None] = lambda _: None) -> IngestResult:
    """Append the records of every file not ingested before (by content hash: the same file twice adds nothing),
    stamped with `ingest_date`. A crash never leaves half a file behind; records that cannot be read are kept
    with their read_error so the parse step quarantines them."""
    files = list(iter_inbox_files(paths))
    known = {r[0] for r in con.execute("select file_hash from ingested_files where file_hash in (select unnest(?))",
                                       [[f.file_hash for f in files]]).fetchall()}
    result = IngestResult(known_files=sum(1 for f in files if f.file_hash in known))
    now = settings.utc_now()
    for file in files:
        if file.file_hash in known:
            continue
        known.add(file.file_hash)  # the same bytes twice in one inbox are one file
        n_records = _ingest_file(con, file, ingest_date, now, max_record_bytes)
        result.new_files.append(file.file_hash)
        result.new_records += n_records
        log(f"Ingested {file.path}: {n_records} records")
    return result


def _ingest_file(con, file: InboxFile, ingest_date: dt.date, now: dt.datetime, max_record_bytes: int) -> int:
    count = [0]

    def raw_frames():
        count[0] = 0  # a retried transaction reads the file again
        for batch in batched(read_records(file, max_record_bytes), WRITE_BATCH):
            count[0] += len(batch)
            yield frame("raw_articles", [
                {**rec, "raw_id": raw_id(file.file_hash, rec["record_no"]), "ingest_date": ingest_date,
                 "ingested_at": now, "source_path": file.path, "file_hash": file.file_hash} for rec in batch])

    def file_row():
        yield frame("ingested_files", [{"file_hash": file.file_hash, "path": file.path, "size_bytes": file.size_bytes,
                                        "n_records": count[0], "ingest_date": ingest_date, "ingested_at": now}])

    apply_changes(con, [Change("raw_articles", raw_frames), Change("ingested_files", file_row)])
    return count[0]
