#!/usr/bin/env bash
# Download the Java reference REST catalog server (shaded iceberg-open-api runtime jar)
# into bench/.work/reference/. Idempotent; Maven caches in ~/.m2. MVN_OFFLINE=1 adds -o.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$HERE/../.work/reference"
mkdir -p "$OUT"
VERSION="$(sed -n 's:.*<iceberg.version>\(.*\)</iceberg.version>.*:\1:p' "$HERE/pom.xml")"
JAR="$OUT/iceberg-open-api-$VERSION.jar"
if [[ -s "$JAR" ]]; then echo "$JAR"; exit 0; fi
MVN=(mvn -B -ntp -q -f "$HERE/pom.xml")
[[ "${MVN_OFFLINE:-}" == 1 ]] && MVN+=(-o)
"${MVN[@]}" dependency:copy-dependencies -DoutputDirectory="$OUT" -DincludeArtifactIds=iceberg-open-api >&2
test -s "$JAR" || { echo "reference jar not found after download: $JAR" >&2; exit 2; }
unzip -p "$JAR" META-INF/MANIFEST.MF | grep -q 'Main-Class: org.apache.iceberg.rest.RESTCatalogServer' \
  || { echo "unexpected manifest in $JAR" >&2; exit 2; }
echo "$JAR"
