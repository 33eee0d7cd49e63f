"""Reading inbox files: encodings, formats, and bad files that must become records, never exceptions."""

import os

from pipeline.ingest.readers import decode_bytes, iter_inbox_files, read_records


def records(path, limit=1_000_000):
    (file,) = list(iter_inbox_files([str(path)]))
    return list(read_records(file, limit))


def test_encodings():
    assert decode_bytes("café".encode("utf-16")) == ("café", None)
    assert decode_bytes("Caf\xe9 au lait near the market".encode("latin-1"))[0] == "Café au lait near the market"
    assert decode_bytes("\ufeffhello".encode()) == ("hello", None)
    assert decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR") == (None, "binary")


def test_jsonl_streams_lines_and_keeps_bad_ones(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"text": "one"}\n\n{"text": "tw\n' + "x" * 50 + "\n")
    rows = records(path, limit=40)
    assert [(r["record_no"], r["content"], r["read_error"]) for r in rows] == [
        (1, '{"text": "one"}', None), (3, '{"text": "tw', None), (4, None, "too_large")]


def test_json_array_gives_one_record_per_element(tmp_path):
    path = tmp_path / "a.json"
    path.write_text('[{"text": "one"}, {"text": "two"}]')
    assert [(r["record_no"], r["content"]) for r in records(path)] == [(1, '{"text": "one"}'), (2, '{"text": "two"}')]


def test_bad_files_are_records(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\n ")
    (tmp_path / "big.txt").write_text("x" * 2000)
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    os.symlink(tmp_path / "loop.txt", tmp_path / "loop.txt")
    got = {os.path.basename(f.path): [r["read_error"] for r in read_records(f, 1000)]
           for f in iter_inbox_files([str(tmp_path)])}
    assert got == {"empty.txt": ["empty"], "blank.txt": ["empty"], "big.txt": ["too_large"],
                   "notes.pdf": ["unsupported_format"], "loop.txt": ["unreadable"]}


def test_sidecar_is_attached_and_not_a_record(tmp_path):
    (tmp_path / "a.txt").write_text("Title\n\nBody")
    (tmp_path / "a.meta.json").write_text('{"published_at": "2024-02-07"}')
    files = list(iter_inbox_files([str(tmp_path)]))
    assert [os.path.basename(f.path) for f in files] == ["a.txt"]
    assert next(read_records(files[0], 1000))["sidecar"] == '{"published_at": "2024-02-07"}'


def test_a_file_is_hashed_once_until_it_or_its_sidecar_changes(tmp_path, monkeypatch):
    """The command line hashes the inbox to decide whether to run, then the run's ingestion, in one process."""
    from pipeline.ingest import readers

    path = tmp_path / "a.txt"
    path.write_text("One line of news.\n")
    hashed = []
    real = readers._hash_file
    monkeypatch.setattr(readers, "_hash_file", lambda p, size: hashed.append(p.name) or real(p, size))

    def file_hash() -> str:
        (file,) = list(iter_inbox_files([str(path)]))
        return file.file_hash

    first = file_hash()
    assert file_hash() == first and hashed == ["a.txt"]
    path.write_text("One line of NEWS.\n")  # the same size; a later modification time
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    second = file_hash()
    assert second != first and hashed == ["a.txt", "a.txt"]
    (tmp_path / "a.meta.json").write_text('{"title": "News"}')
    assert file_hash() not in (first, second) and len(hashed) == 3
