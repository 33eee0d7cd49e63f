"""Query parameters as SQL literals.

Binding a Python value to a DuckDB query makes the duckdb module import pandas (~2 s here), which a run with
nothing new to do must not pay. Warehouse connections (connection.Connection) therefore inline their parameters
as literals. Values are the pipeline's own (ids, dates, paths, run ids) and are quoted and escaped the SQL way.
"""

import datetime as dt


def literal(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    if isinstance(value, dt.datetime):
        return f"TIMESTAMP '{value.isoformat(sep=' ')}'"
    if isinstance(value, dt.date):
        return f"DATE '{value.isoformat()}'"
    if isinstance(value, list | tuple | set | frozenset):
        items = list(value)
        if not items:
            return "CAST([] AS VARCHAR[])"
        return "[" + ", ".join(literal(v) for v in items) + "]"
    raise TypeError(f"cannot inline a {type(value).__name__} as a SQL literal")


def inline(sql: str, params: list | tuple) -> str:
    """`sql` with its `?` (in order) and `$N` (1-based) placeholders replaced by literals of `params`; quoted
    strings, quoted identifiers and comments are left alone."""
    out: list[str] = []
    i, n, next_positional = 0, len(sql), 0
    while i < n:
        ch = sql[i]
        if ch in ("'", '"'):
            end = i + 1
            while end < n:
                if sql[end] == ch:
                    if end + 1 < n and sql[end + 1] == ch:  # doubled quote: escaped
                        end += 2
                        continue
                    break
                end += 1
            out.append(sql[i:end + 1])
            i = end + 1
        elif sql.startswith("--", i):
            end = sql.find("\n", i)
            end = n if end < 0 else end
            out.append(sql[i:end])
            i = end
        elif sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.append(sql[i:end])
            i = end
        elif ch == "?":
            out.append(literal(params[next_positional]))
            next_positional += 1
            i += 1
        elif ch == "$" and i + 1 < n and sql[i + 1].isdigit():
            end = i + 1
            while end < n and sql[end].isdigit():
                end += 1
            out.append(literal(params[int(sql[i + 1:end]) - 1]))
            i = end
        else:
            out.append(ch)
            i += 1
    return "".join(out)
