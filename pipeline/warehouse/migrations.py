"""Versioned schema migrations (sql/migrations/NNN_name.sql), applied once each and recorded in the warehouse.

The migrations are the one definition of every table: a new warehouse applies them all, a warehouse made by an
earlier release applies the ones it lacks (001 is the first release's schema, written with `if not exists`, so
a warehouse from before migrations were recorded takes it as a no-op). On a DuckLake the catalog enforces no
keys, so PRIMARY KEY clauses are left out there (the GX suites check uniqueness on every backend).
"""

import hashlib
import re
from dataclasses import dataclass
from functools import cache

import duckdb

from pipeline import settings
from pipeline.warehouse.writes import retrying

MIGRATIONS_DIR = settings.SQL_DIR / "migrations"
_FILE_NAME = re.compile(r"^(\d{3})_(\w+)\.sql$")
_INLINE_KEY = re.compile(r"\s+primary\s+key\b(?=\s*[,\n)])", re.IGNORECASE)
_TABLE_KEY = re.compile(r",\s*primary\s+key\s*\([^)]*\)", re.IGNORECASE)
RECORD_DDL = """create table if not exists schema_migrations (
    version     integer not null,
    name        varchar not null,
    checksum    varchar not null,
    applied_at  timestamp not null
)"""


class MigrationError(RuntimeError):
    pass


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()[:16]

    def sql_for(self, lake: bool) -> str:
        return _TABLE_KEY.sub("", _INLINE_KEY.sub("", self.sql)) if lake else self.sql


@cache
def migrations() -> tuple[Migration, ...]:
    found = []
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        match = _FILE_NAME.match(path.name)
        if not match:
            raise MigrationError(f"{path.name}: migration files are named NNN_name.sql")
        found.append(Migration(int(match[1]), match[2], path.read_text()))
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise MigrationError(f"migration versions must run 1, 2, 3, … without gaps; found {versions}")
    return tuple(found)


def latest_version() -> int:
    return migrations()[-1].version


def applied(con: duckdb.DuckDBPyConnection) -> dict[int, str]:
    """version -> checksum of the migrations recorded in this warehouse (empty if none)."""
    exists = con.execute("select count(*) from duckdb_tables() where database_name = current_database() "
                         "and table_name = 'schema_migrations'").fetchone()[0]
    if not exists:
        return {}
    return dict(con.execute("select version, checksum from schema_migrations").fetchall())


def migrate(con: duckdb.DuckDBPyConnection, lake: bool, attempts: int = 10) -> list[Migration]:
    """Apply the migrations this warehouse lacks, each in its own transaction with its record. Safe when
    several processes start at once on a lake: a conflict is retried and finds the work done."""
    return retrying(con, lambda: _migrate_once(con, lake), attempts)


def _migrate_once(con: duckdb.DuckDBPyConnection, lake: bool) -> list[Migration]:
    done = applied(con)
    known = {m.version: m for m in migrations()}
    newer = sorted(set(done) - set(known))
    if newer:
        raise MigrationError(f"this warehouse has schema version {max(newer)}, newer than this release knows "
                             f"({latest_version()}): use a newer release of the pipeline")
    for version, checksum in done.items():
        if known[version].checksum != checksum:
            raise MigrationError(f"migration {version:03d}_{known[version].name}.sql was changed after this "
                                 "warehouse applied it: add a new migration instead of editing an applied one")
    todo = [m for m in migrations() if m.version not in done]
    if not todo:
        return []
    con.execute(RECORD_DDL)
    for migration in todo:
        con.begin()
        con.execute(migration.sql_for(lake))
        now = settings.utc_now()
        con.execute("insert into schema_migrations values (?, ?, ?, ?)",
                    [migration.version, migration.name, migration.checksum, now])
        con.commit()
    return todo
