"""Writes the small Parquet fixtures of test/unit/inspect (run with the project venv):
   .venv/bin/python test/unit/inspect/data/make_parquet.py
Columns carry Iceberg field ids (PARQUET:field_id) as PyIceberg writes them; one id is
above 2^53. sample-snappy.parquet: snappy pages; sample-zstd.parquet: zstd pages."""

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

HERE = Path(__file__).parent


def field(name, typ, fid, nullable=True):
    return pa.field(name, typ, nullable=nullable, metadata={b"PARQUET:field_id": str(fid).encode()})


schema = pa.schema(
    [
        field("id", pa.int64(), 1, nullable=False),
        field("name", pa.string(), 2),
        field("ts", pa.timestamp("us"), 3),
        field("d", pa.date32(), 4),
        field("price", pa.decimal128(9, 2), 5),
        field("flag", pa.bool_(), 6),
        field("score", pa.float64(), 7),
    ]
)
rows = [
    {"id": 9007199254740993, "name": "alpha", "ts": datetime(2024, 3, 1, 12, 0, 0, 123456), "d": date(2024, 3, 1), "price": Decimal("123.45"), "flag": True, "score": 0.5},
    {"id": 2, "name": "beta", "ts": datetime(2024, 3, 2, 0, 0, 0), "d": date(2024, 3, 2), "price": Decimal("-1.00"), "flag": False, "score": None},
    {"id": 3, "name": None, "ts": None, "d": None, "price": None, "flag": None, "score": 2.25},
]
table = pa.Table.from_pylist(rows, schema=schema)
pq.write_table(table, HERE / "sample-snappy.parquet", compression="snappy", row_group_size=2)
pq.write_table(table, HERE / "sample-zstd.parquet", compression="zstd")
