"""Writes a real Iceberg table through a running Pangolin server with PyIceberg, for the
table inspector and bucket browser tests: a partitioned table (day(ts)) with many column
types, two appends, a schema change (add + rename a column) and a third append, so it has
three snapshots, real manifest lists, manifests and Parquet data files (snappy pages).

  .venv/bin/python test/helpers/write_inspect_table.py URL CLIENT_ID CLIENT_SECRET CATALOG NAMESPACE TABLE

Prints one JSON line: {"snapshot_ids": [...], "metadata_location": "...", "location": "..."}
(snapshot ids as strings: they may exceed 2^53).
"""

from __future__ import annotations

import json
import sys
import warnings
from datetime import date, datetime, timedelta
from decimal import Decimal

import pyarrow as pa
from pyiceberg.catalog import load_catalog
from pyiceberg.exceptions import NamespaceAlreadyExistsError
from pyiceberg.partitioning import PartitionField, PartitionSpec
from pyiceberg.schema import Schema
from pyiceberg.transforms import DayTransform
from pyiceberg.types import BooleanType, DateType, DecimalType, DoubleType, FloatType, IntegerType, LongType, NestedField, StringType, TimestampType

warnings.simplefilter("ignore")

url, client_id, client_secret, catalog_name, namespace, table_name = sys.argv[1:7]

catalog = load_catalog(catalog_name, type="rest", uri=url, warehouse=catalog_name, credential=f"{client_id}:{client_secret}")
try:
    catalog.create_namespace(namespace)
except NamespaceAlreadyExistsError:
    pass

schema = Schema(
    NestedField(1, "id", LongType(), required=False),
    NestedField(2, "name", StringType(), required=False),
    NestedField(3, "ts", TimestampType(), required=False),
    NestedField(4, "d", DateType(), required=False),
    NestedField(5, "price", DecimalType(9, 2), required=False),
    NestedField(6, "flag", BooleanType(), required=False),
    NestedField(7, "score", DoubleType(), required=False),
    NestedField(8, "ratio", FloatType(), required=False),
    NestedField(9, "qty", IntegerType(), required=False),
)
spec = PartitionSpec(PartitionField(source_id=3, field_id=1000, transform=DayTransform(), name="ts_day"))
table = catalog.create_table(
    f"{namespace}.{table_name}",
    schema=schema,
    partition_spec=spec,
    properties={"write.parquet.compression-codec": "snappy"},
)

arrow_schema = pa.schema(
    [
        pa.field("id", pa.int64()),
        pa.field("name", pa.string()),
        pa.field("ts", pa.timestamp("us")),
        pa.field("d", pa.date32()),
        pa.field("price", pa.decimal128(9, 2)),
        pa.field("flag", pa.bool_()),
        pa.field("score", pa.float64()),
        pa.field("ratio", pa.float32()),
        pa.field("qty", pa.int32()),
    ]
)
BASE = datetime(2024, 3, 1, 12, 0, 0)


def batch(ids):
    return pa.Table.from_pylist(
        [
            {
                "id": i,
                "name": f"name-{i}",
                "ts": BASE + timedelta(days=k % 2, microseconds=k),
                "d": date(2024, 3, 1) + timedelta(days=k),
                "price": Decimal(f"{k}.25"),
                "flag": k % 2 == 0,
                "score": float("nan") if k == 3 else k / 2,
                "ratio": k / 4,
                "qty": -k,
            }
            for i, k in ((i, i % 100) for i in ids)
        ],
        schema=arrow_schema,
    )


table.append(batch(range(1, 5)))
table.append(batch([9007199254740993, 6]))
with table.update_schema() as update:
    update.add_column("note", StringType())
    update.rename_column("qty", "quantity")
table = catalog.load_table(f"{namespace}.{table_name}")
evolved = batch([7, 8]).rename_columns(["id", "name", "ts", "d", "price", "flag", "score", "ratio", "quantity"]).append_column("note", pa.array(["x", None], pa.string()))
table.append(evolved)

table = catalog.load_table(f"{namespace}.{table_name}")
print(
    json.dumps(
        {
            "snapshot_ids": [str(s.snapshot_id) for s in table.metadata.snapshots],
            "metadata_location": table.metadata_location,
            "location": table.metadata.location,
        }
    )
)
