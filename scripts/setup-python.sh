#!/usr/bin/env bash
# Creates .venv with the pinned Python clients the interop tests drive (PyIceberg).
# Idempotent: re-running with the same requirements is quick.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.requirements.sha
want=$(sha256sum test/interop/requirements.txt | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r test/interop/requirements.txt
  echo "$want" > "$stamp"
fi
.venv/bin/python -c "import pyiceberg, pyarrow; print('pyiceberg', pyiceberg.__version__, 'pyarrow', pyarrow.__version__)"
