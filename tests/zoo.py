"""A zoo of good and bad inputs, written by the tests themselves (no third-party text).

`build_zoo(dir)` writes the files and returns {file name: [outcome per record]}, where an outcome is
"parsed" or the rejected_articles reason. "skipped" files add no record at all (same bytes as another).
"""

import json
import os
from pathlib import Path

from conftest import SEED_TEXT

STORY = ("Firefighters in the port city of Example Bay worked through the night after a warehouse fire on "
         "Monday. Two workers were injured and taken to hospital, the fire service said. The cause of the "
         "blaze is being investigated.")
SECOND = ("A new bridge over the Example River opened to traffic on Tuesday after three years of works. The "
          "mayor said the crossing would cut journey times for thousands of commuters.")


def build_zoo(inbox: Path) -> dict[str, list[str]]:
    expected: dict[str, list[str]] = {}

    def put(name: str, data: bytes | str, outcomes: list[str]) -> Path:
        path = inbox / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        expected[name] = outcomes
        return path

    put("gaza-ceasefire-talks.txt", SEED_TEXT, ["parsed"])
    put("gaza-ceasefire-talks.meta.json", json.dumps({"published_at": "2024-02-07"}), [])
    put("empty.txt", b"", ["empty"])
    put("whitespace.txt", "  \n\n  \n", ["empty"])
    put("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, ["binary"])
    put("latin1.txt", ("Caf\xe9 owners protest\n\nCaf\xe9 owners in Example Bay marched on Friday against a new "
                       "tax on terraces, the organisers said.").encode("latin-1"), ["parsed"])
    put("utf16.txt", ("Library reopens\n\nThe city library in Example Bay reopened on Thursday after a "
                      "two-year renovation, with a new children's wing.").encode("utf-16"), ["parsed"])
    put("huge.txt", b"word " * (10 * 1024 * 1024), ["too_large"])  # 50 MB
    put("truncated.json", '{"title": "Fire", "text": "Firefighters worked thro', ["malformed_json"])
    put("wrong-types.json", json.dumps({"title": 12, "text": ["not", "a", "string"]}), ["invalid_field_type"])
    put("nested.json", "[" * 100_000 + "]" * 100_000, ["malformed_json"])
    put("mixed.jsonl", "\n".join([
        json.dumps({"id": "m-1", "title": "Fire", "text": STORY, "published_at": "2024-03-04"}),
        '{"id": "m-2", "title": "Broken", "text": "cut off',
        json.dumps({"id": "m-3", "headline": "No body"}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "m-5", "title": "Copy", "text": STORY, "published_at": "2024-03-04"}),
    ]), ["parsed", "malformed_json", "no_text_field", "not_an_object", "duplicate"])
    put("menu-only.html", "<html><head><title>Shop</title></head><body><nav><a href='/'>Home</a> | "
        "<a href='/x'>News</a></nav><footer>Copyright 2024</footer></body></html>", ["no_article_text"])
    put("bad-date.txt", "Bridge opens\n\n" + SECOND + " Officials cut a ribbon.", ["invalid_date"])
    put("bad-date.meta.json", json.dumps({"published_at": "the thirty-second of Smarch"}), [])
    put("future.json", json.dumps({"title": "Tomorrow", "text": SECOND + " More to come.",
                                   "published_at": "2999-01-01"}), ["future_date"])
    put("sql-title.json", json.dumps({"title": "'); DROP TABLE parsed_articles; --", "text": SECOND,
                                      "published_at": "2024-03-05"}), ["parsed"])
    put("sub dir/naïve café report ü.txt", "Cafés reopen\n\nCafés in Example Bay reopened on Saturday after "
        "the floods, owners said, and queues formed before dawn.", ["parsed"])
    put("notes.pdf", b"%PDF-1.4 not really", ["unsupported_format"])
    put("zz-copy-of-seed.txt", SEED_TEXT, ["duplicate"])  # no sidecar, so a new file, but the same article
    put("seed-near-copy.txt", SEED_TEXT.replace("The International Federation", "Meanwhile the International "
                                                "Federation"), ["near_duplicate"])
    put("two-articles.json", json.dumps([
        {"title": "Fire", "text": STORY.replace("Monday", "Sunday"), "date": "2024-03-03"},
        {"title": "Empty", "text": ""},
    ]), ["parsed", "no_text_field"])
    put("page.html", "<html><head><title>Bridge opens</title><meta property='article:published_time' "
        "content='2024-03-06T08:00:00Z'></head><body><nav>Home | News</nav><article><h1>Bridge opens</h1>"
        f"<p>{SECOND}</p><p>Traffic was light on the first morning.</p></article></body></html>", ["parsed"])
    put("again/mixed-copy.jsonl", (inbox / "mixed.jsonl").read_bytes(), [])  # same bytes: adds nothing
    os.symlink(inbox / "loop", inbox / "loop")  # a symlink pointing at itself
    expected["loop"] = ["unreadable"]
    return expected
