"""SQL that belongs in SQL lives in sql/; this reads it."""

from functools import cache

from pipeline import settings


@cache
def read_sql(name: str) -> str:
    return (settings.SQL_DIR / name).read_text()
