"""The optional reference series for the chart: heterogeneous JSON records and CSV both load."""

import datetime as dt
import json

from pipeline.resources import ReferenceSeriesResource


def test_json_records_with_differing_fields(tmp_path):
    path = tmp_path / "series.json"
    path.write_text(json.dumps([
        {"report_date": "2024-02-06", "killed_cum": 27585, "killed": 107},
        {"report_date": "2024-02-05", "killed_cum": 27478, "killed_committee": 12},
        {"report_date": "2024-02-07", "injured_cum": 66978},
    ]))
    frame = ReferenceSeriesResource(path=str(path)).load()
    assert frame.rows() == [(dt.date(2024, 2, 5), 27478), (dt.date(2024, 2, 6), 27585)]


def test_csv_and_none(tmp_path):
    path = tmp_path / "series.csv"
    path.write_text("report_date,killed_cum,other\n2024-02-06,27585,x\n")
    assert ReferenceSeriesResource(path=str(path)).load().rows() == [(dt.date(2024, 2, 6), 27585)]
    assert ReferenceSeriesResource().load() is None
