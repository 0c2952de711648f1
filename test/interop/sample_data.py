"""Sample schema and pyarrow data shared by the interop tests."""

from __future__ import annotations

from datetime import datetime, timedelta

import pyarrow as pa
from pyiceberg.schema import Schema
from pyiceberg.types import LongType, NestedField, StringType, TimestampType

SCHEMA = Schema(
    NestedField(1, "id", LongType(), required=False),
    NestedField(2, "name", StringType(), required=False),
    NestedField(3, "ts", TimestampType(), required=False),
    NestedField(4, "category", StringType(), required=False),
)

ARROW_SCHEMA = pa.schema(
    [
        pa.field("id", pa.int64()),
        pa.field("name", pa.string()),
        pa.field("ts", pa.timestamp("us")),
        pa.field("category", pa.string()),
    ]
)

BASE_TS = datetime(2024, 3, 1, 12, 0, 0)
CATEGORIES = ["red", "green", "blue"]


def rows(ids) -> pa.Table:
    ids = list(ids)
    return pa.Table.from_pylist(
        [
            {"id": i, "name": f"name-{i}", "ts": BASE_TS + timedelta(days=i % 4, minutes=i), "category": CATEGORIES[i % 3]}
            for i in ids
        ],
        schema=ARROW_SCHEMA,
    )


def sorted_rows(table: pa.Table, key: str = "id") -> list[dict]:
    return sorted(table.to_pylist(), key=lambda r: r[key])


def scan_rows(table, **kw) -> list[dict]:
    return sorted_rows(table.scan(**kw).to_arrow())
