/// The Python peers the benchmarks run beside their own figures. The scoring and xlsx scripts compute exactly what
/// `../shared/peers/score_pandas.py`, `score_polars.py`, `xlsx_openpyxl.py read` and `xlsx_rust.py read` compute
/// (same semantics, same checksums, same JSON keys); the DuckDB peer answers the dashboard benchmark's SQL.
enum PeerScripts {
    static let pandas = PythonPeer(name: "pandas", module: "pandas", package: "pandas", script: #"""
import json, sys, time
import pandas as pd

facts = pd.read_csv(sys.argv[1], dtype={"cohort": "string", "stage": "string"})
scheme = json.load(open(sys.argv[2], encoding="utf-8"))
start = time.perf_counter()
groups = facts.groupby("cohort", sort=False)
total = pd.Series(0.0, index=facts.index)
for ind in scheme["indicators"]:
    col = ind["id"]
    ascending = ind.get("direction", "higher") == "higher"
    pct = groups[col].rank(method="average", ascending=ascending, pct=True, na_option="keep")
    weight = facts["stage"].map(ind["weights"]).astype(float)
    total += (pct * weight).fillna(0.0)
facts["total"] = total
facts["rank"] = facts.groupby("cohort", sort=False)["total"].rank(method="min", ascending=False)
seconds = time.perf_counter() - start
print(json.dumps({
    "peer": "pandas " + pd.__version__,
    "rows": int(len(facts)),
    "seconds": round(seconds, 4),
    "total_checksum": round(float(facts["total"].sum()), 6),
    "rank_checksum": int(facts["rank"].astype("int64").sum()),
}, ensure_ascii=False))
"""#)

    static let polars = PythonPeer(name: "polars", module: "polars", package: "polars", script: #"""
import json, sys, time
import polars as pl

scheme = json.load(open(sys.argv[2], encoding="utf-8"))
ids = [ind["id"] for ind in scheme["indicators"]]
facts = pl.read_csv(sys.argv[1], schema_overrides={"cohort": pl.Utf8, "stage": pl.Utf8, **{i: pl.Float64 for i in ids}})
start = time.perf_counter()
points = []
for ind in scheme["indicators"]:
    col = pl.col(ind["id"])
    descending = ind.get("direction", "higher") != "higher"
    present = col.is_not_null().sum().over("cohort")
    pct = col.rank(method="average", descending=descending).over("cohort") / present
    weight = pl.col("stage").replace_strict(ind["weights"], default=None, return_dtype=pl.Float64)
    points.append((pct * weight).fill_null(0.0))
out = facts.lazy().select(
    pl.col("cohort"), pl.sum_horizontal(points).alias("total")
).with_columns(
    pl.col("total").rank(method="min", descending=True).over("cohort").alias("rank")
).collect()
seconds = time.perf_counter() - start
print(json.dumps({
    "peer": "polars " + pl.__version__,
    "rows": out.height,
    "seconds": round(seconds, 4),
    "total_checksum": round(float(out["total"].sum()), 6),
    "rank_checksum": int(out["rank"].cast(pl.Int64).sum()),
}, ensure_ascii=False))
"""#)

    static let openpyxl = PythonPeer(name: "openpyxl", module: "openpyxl", package: "openpyxl", script: #"""
import json, sys, time
from openpyxl import load_workbook

start = time.perf_counter()
wb = load_workbook(sys.argv[1], read_only=True)
ws = wb.worksheets[0]
checksum = 0
rows = 0
for values in ws.iter_rows(min_row=2, values_only=True):
    rows += 1
    for v in values:
        if isinstance(v, str):
            checksum += len(v)
    checksum += int(values[0])
print(json.dumps({"peer": "openpyxl read_only", "rows": rows, "read_seconds": round(time.perf_counter() - start, 4),
                  "checksum": checksum}, ensure_ascii=False))
"""#)

    static let calamine = PythonPeer(name: "python-calamine", module: "python_calamine", package: "python-calamine",
                                     script: #"""
import json, sys, time
from python_calamine import CalamineWorkbook

start = time.perf_counter()
sheet = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()
checksum = 0
for row in sheet[1:]:
    checksum += int(row[0])
    checksum += sum(len(c) for c in row if isinstance(c, str))
print(json.dumps({"peer": "python-calamine", "rows": len(sheet) - 1, "read_seconds": round(time.perf_counter() - start, 4),
                  "checksum": checksum}))
"""#)

    /// The dashboard's SQL on DuckDB: `duckdb_dashboard.py rows.csv requests.json`. The CSV holds the benchmark
    /// table's rows (as loaded into PostgreSQL); the JSON holds, per request, the statements the PostgreSQL side
    /// runs (SQL with $n parameters and their values, `kind` telling which figure a statement yields) and the
    /// snapshot's answers. Prints load seconds, per-request p50/p99 and whether every answer matched.
    static let duckdb = PythonPeer(name: "duckdb", module: "duckdb", package: "duckdb", script: #"""
import json, sys, time
import duckdb

requests = json.load(open(sys.argv[2], encoding="utf-8"))
con = duckdb.connect()
start = time.perf_counter()
con.execute("CREATE TABLE bench_dashboard (id INTEGER PRIMARY KEY, region_code INTEGER NOT NULL, zone_id INTEGER NOT NULL, "
            "incubator_id INTEGER NOT NULL, section INTEGER NOT NULL, field INTEGER NOT NULL, stage INTEGER NOT NULL, "
            "tier INTEGER NOT NULL, score REAL)")
con.execute("INSERT INTO bench_dashboard SELECT * FROM read_csv(?, header=true, nullstr='', columns={"
            "'id': 'INTEGER', 'region_code': 'INTEGER', 'zone_id': 'INTEGER', 'incubator_id': 'INTEGER', "
            "'section': 'INTEGER', 'field': 'INTEGER', 'stage': 'INTEGER', 'tier': 'INTEGER', 'score': 'REAL'})",
            [sys.argv[1]])
load_seconds = time.perf_counter() - start
durations = []
matches = True
for request in requests:
    t0 = time.perf_counter()
    figures = {}
    for statement in request["statements"]:
        rows = con.execute(statement["sql"], statement["binds"]).fetchall()
        kind, figure = statement["kind"], statement.get("figure")
        if figure and kind == "count":
            figures[figure] = rows[0][0] if rows else 0
        elif figure and kind == "grouped":
            figures[figure] = sum(r[1] for r in rows)
    durations.append((time.perf_counter() - t0) * 1000)
    figures.setdefault("list_total", figures.get("total"))
    expected = request["expected"]
    for key, value in expected.items():
        if figures.get(key) != value:
            matches = False
durations.sort()
def pct(p):
    import math
    return durations[min(len(durations) - 1, max(0, math.ceil(p / 100 * len(durations)) - 1))] if durations else None
print(json.dumps({"peer": "duckdb " + duckdb.__version__, "load_seconds": round(load_seconds, 3),
                  "sql_requests": len(durations), "sql_p50_ms": round(pct(50), 3), "sql_p99_ms": round(pct(99), 3),
                  "sql_matches": matches}))
"""#)
}
