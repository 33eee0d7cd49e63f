"""Incremental steps: which items (raw records, articles) a step still has to process, and the atomic write of
one batch of them together with the record that it was done (processing_log).

A step has a version (its code and rule data; the model for nlp). An incremental run processes the items of its
days (and shard) that the step has not processed at that version; a rebuild processes all of them again. Each
batch replaces its items' rows and log entries in one transaction, so every item is always either wholly at its
old state or wholly at its new one, whatever happens to the process.
"""

import datetime as dt
from dataclasses import dataclass

import duckdb
import polars as pl

from pipeline import settings
from pipeline.warehouse.schema import frame
from pipeline.warehouse.sql import read_sql
from pipeline.warehouse.writes import Change, apply_changes


@dataclass(frozen=True)
class Scope:
    """The slice of the warehouse a step covers: arrival days first..last, and a shard of the articles."""

    first_day: dt.date
    last_day: dt.date
    shard: int = 0
    n_shards: int = 1

    @property
    def params(self) -> list:
        return [self.first_day, self.last_day, self.n_shards, self.shard]

    def __str__(self) -> str:
        days = f"{self.first_day}" if self.first_day == self.last_day else f"{self.first_day}..{self.last_day}"
        return days + (f", shard {self.shard}/{self.n_shards}" if self.n_shards > 1 else "")


@dataclass(frozen=True)
class Step:
    name: str  # processing_log.step
    version: str
    items_sql: str  # sql/ file selecting (item_id, ingest_date, position) of a Scope ($1..$4 = Scope.params)
    item_column: str  # the column of the output tables that holds the item id
    outputs: tuple[str, ...]  # tables whose rows belong to an item


def items(con: duckdb.DuckDBPyConnection, step: Step, scope: Scope, rebuild: bool) -> list[tuple[str, dt.date]]:
    """(item_id, ingest_date) the step must process in this scope: all of them for a rebuild, else those not
    processed at the step's current version."""
    query = f"{_scope_items(step)} select item_id, ingest_date from scope_items"
    if not rebuild:
        query += (" where not exists (select 1 from processing_log l where l.step = $5 and l.version = $6 "
                  "and l.item_id = scope_items.item_id)")
    return con.execute(query + " order by position",
                       scope.params + ([step.name, step.version] if not rebuild else [])).fetchall()


def _scope_items(step: Step) -> str:
    return f"with scope_items as ({read_sql(step.items_sql).rstrip().rstrip(';')})"


def todo(con: duckdb.DuckDBPyConnection, step: Step, scope: Scope, rebuild: bool) -> list[tuple[str, dt.date]]:
    """Remove the rows of items that left the scope, then list what the step must process (items)."""
    if orphans := orphan_changes(con, step, scope):
        apply_changes(con, orphans)
    return items(con, step, scope, rebuild)


def processed_before(con: duckdb.DuckDBPyConnection, step: Step, item_ids: list[str]) -> list[str]:
    """Items of the batch that already have rows (at any version): only those need their rows deleted."""
    return [r[0] for r in con.execute("select item_id from processing_log where step = ? and item_id in "
                                      "(select unnest(?))", [step.name, item_ids]).fetchall()]


def batch_changes(step: Step, batch: list[tuple[str, dt.date]], outputs: dict[str, pl.DataFrame], run_id: str | None,
                  replace: list[str]) -> list[Change]:
    """The changes that commit one processed batch: old rows of `replace` items out, new rows and log entries in."""
    changes = []
    if replace:
        changes += [Change(table, delete_where=f"{step.item_column} in (select unnest(?))", params=[replace])
                    for table in step.outputs]
        changes.append(Change("processing_log", delete_where="step = ? and item_id in (select unnest(?))",
                              params=[step.name, replace]))
    changes += [Change(table, rows) for table, rows in outputs.items()]
    now = settings.utc_now()
    changes.append(Change("processing_log", frame("processing_log", [
        {"step": step.name, "item_id": item_id, "ingest_date": day, "version": step.version, "run_id": run_id,
         "processed_at": now} for item_id, day in batch])))
    return changes


def invalidate(step: str, item_ids: list[str]) -> Change:
    """Mark items of a downstream step as needing to be processed again (their inputs changed): their log
    entries stay, so their old rows are replaced when they are."""
    return Change("processing_log", delete_where="step = ? and item_id in (select unnest(?))", params=[step, item_ids],
                  update_set="version = 'invalidated'")


def orphan_changes(con: duckdb.DuckDBPyConnection, step: Step, scope: Scope) -> list[Change]:
    """Rows of items that left the scope's input (e.g. an article a re-parse turned into a duplicate)."""
    query = (f"{_scope_items(step)} select item_id from processing_log where step = $5 "
             "and ingest_date between $1 and $2 and item_id not in (select item_id from scope_items)")
    gone = [r[0] for r in con.execute(query, scope.params + [step.name]).fetchall()]
    if scope.n_shards > 1:  # other shards' items are not ours to remove
        gone = [g for g in gone if shard_of(g, scope.n_shards) == scope.shard]
    if not gone:
        return []
    return [Change(table, delete_where=f"{step.item_column} in (select unnest(?))", params=[gone])
            for table in step.outputs] + [
        Change("processing_log", delete_where="step = ? and item_id in (select unnest(?))", params=[step.name, gone])]


def shard_of(article_id: str, n_shards: int) -> int:
    """Same as the SQL in sql/steps/article_items.sql: the first 7 hex digits of the content hash, modulo n."""
    return int(article_id[:7], 16) % n_shards
