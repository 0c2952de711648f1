#!/usr/bin/env bash
# Run Apache Iceberg's REST Compatibility Kit (RCK) against the Pangolin catalog server.
#
#   test/rck/run.sh [extra Maven args, e.g. -Dtest='RESTCompatibilityKitCatalogTests#testRenameTable']
#
# For each Iceberg version (RCK_VERSIONS, default every profile of pom.xml: 1.10 and 1.11):
# (1) resolve the RCK classpath with Maven (-P iceberg-<version>, cached in ~/.m2 after the
# first run), (2) start `node --import tsx src/server/cli.ts serve` on a free port with a
# fresh data dir, (3) run RESTCompatibilityKitCatalogTests + RESTCompatibilityKitViewCatalogTests
# + our PangolinUrlStyleTest with Surefire, (4) print `RCK <iceberg version>: <run> run, <passed> passed, <failed> failed,
# <skipped> skipped` and the failed tests, (5) stop the server. Then one closing line
#   RCK: <run> run, <passed> passed, <failed> failed, <skipped> skipped (1.10.1: ...; 1.11.0: ...)
# summed over the versions. Exit status is non-zero on any failure in any version.
# Outputs per version under test/rck/target/<iceberg version>/.
#
# Environment:
#   RCK_VERSIONS='1.10 1.11'  which pom.xml profiles (iceberg-<x.y>) to run, in this order
#   RCK_STORE=sqlite|memory|postgres|mongodb   PANGOLIN_STORAGE_TYPE for the server (default sqlite);
#                             postgres and mongodb also need DATABASE_URL (use a fresh database)
#   RCK_LOCAL=1               no Pangolin: run against Iceberg's Java reference server in-process
#                             (rck.local=true) - checks the harness itself
#   RCK_URI=http://host:port  use an already running server (no server is started);
#                             with RCK_CREDENTIAL=id:secret and RCK_WAREHOUSE (default local;
#                             a server run here gets a catalog `rck` on file:///tmp, see below)
#   RCK_TESTS=pattern         Surefire -Dtest selection instead of the two RCK classes
#                             (exclusions from excluded-tests.txt still apply)
#   RCK_HTTP_LOG=1            log the Java client's HTTP wire traffic (httpclient5 debug) into
#                             test/rck/target/surefire-reports/*-output.txt
#   RCK_KEEP=1                keep the server's data dir even when everything passed
#   MVN_OFFLINE=1             pass -o to Maven (everything already in ~/.m2)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
POM="$HERE/pom.xml"
EXCLUDED="$HERE/excluded-tests.txt"
START=$(date +%s)

MVN_BASE=(mvn -B -ntp -f "$POM")
[[ "${MVN_OFFLINE:-}" == 1 ]] && MVN_BASE+=(-o)

# pom.xml profile id -> Iceberg version (the profile's <iceberg.version>), e.g. 1.11 -> 1.11.0
profile_version() {
  python3 - "$POM" "iceberg-$1" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"m": "http://maven.apache.org/POM/4.0.0"}
for prof in ET.parse(sys.argv[1]).getroot().iterfind("m:profiles/m:profile", ns):
    if prof.findtext("m:id", namespaces=ns) == sys.argv[2]:
        print(prof.findtext("m:properties/m:iceberg.version", namespaces=ns) or "")
        break
PY
}
if [[ -n "${RCK_VERSIONS:-}" ]]; then
  read -r -a PROFILES <<<"${RCK_VERSIONS//,/ }"
else
  read -r -a PROFILES <<<"$(python3 - "$POM" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"m": "http://maven.apache.org/POM/4.0.0"}
ids = [p.findtext("m:id", namespaces=ns) for p in ET.parse(sys.argv[1]).getroot().iterfind("m:profiles/m:profile", ns)]
print(" ".join(i[len("iceberg-"):] for i in ids if i and i.startswith("iceberg-")))
PY
)"
fi
if [[ ${#PROFILES[@]} == 0 ]]; then
  echo "RCK: no Iceberg versions to run (RCK_VERSIONS is empty and pom.xml has no iceberg-* profile)"
  exit 2
fi

# The warehouse of the RCK catalog: the folder holding the kit's hard-coded table locations.
RCK_WAREHOUSE_PATH=/tmp
RCK_WAREHOUSE_URL="file://$RCK_WAREHOUSE_PATH"

SERVER_PID=""
DATA_DIR=""
RUN_OK=0
stop_server() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
  if [[ -n "$DATA_DIR" ]]; then
    if [[ "$RUN_OK" == 1 && "${RCK_KEEP:-}" != 1 ]]; then
      rm -rf "$DATA_DIR"
    else
      echo "RCK: server data dir kept: $DATA_DIR"
    fi
  fi
  DATA_DIR=""
}
trap stop_server EXIT
trap 'exit 130' INT TERM

# ---- exclusions (the same for every version; an excluded test a version lacks is a no-op) --
EXCLUDE_SEL=""
if [[ -f "$EXCLUDED" ]]; then
  while IFS= read -r line; do
    trimmed="${line#"${line%%[![:space:]]*}"}"
    [[ -z "$trimmed" || "$trimmed" == \#* ]] && continue
    spec="${trimmed%%[[:space:]]*}"
    if [[ "$spec" != *#* || "$trimmed" != *"# "* ]]; then
      echo "RCK: bad line in excluded-tests.txt (want 'Class#method  # reason'): $line"
      exit 2
    fi
    EXCLUDE_SEL+=",!$spec"
    echo "RCK: excluding $spec"
  done <"$EXCLUDED"
fi
# PangolinUrlStyleTest (src/test/java): the Java client with uri=<server>/v1/<catalog>.
TEST_SEL="${RCK_TESTS:-RESTCompatibilityKitCatalogTests,RESTCompatibilityKitViewCatalogTests,PangolinUrlStyleTest}$EXCLUDE_SEL"

# One version: resolve, start a server, run the suites, summarize into $TARGET/rck-counts.
run_version() {
  local profile="$1" version="$2"
  shift 2   # the rest: extra Maven args
  local TARGET="$HERE/target/$version"
  local REPORTS="$TARGET/surefire-reports"
  local MVN=("${MVN_BASE[@]}" -P "iceberg-$profile")
  local vstart
  vstart=$(date +%s)
  RUN_OK=0
  mkdir -p "$TARGET"
  rm -f "$TARGET/rck-counts"
  echo "RCK $version: ---- Iceberg $version (pom.xml profile iceberg-$profile) ----"

  # ---- 1. classpath ---------------------------------------------------------------------
  local STAMP="$TARGET/.resolved" POM_SUM
  POM_SUM="$(sha256sum "$POM" | cut -d' ' -f1)"
  if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$POM_SUM" ]]; then
    echo "RCK $version: classpath already resolved for this pom.xml (delete $STAMP to re-check)"
  else
    echo "RCK $version: resolving classpath (Maven, cached in ~/.m2)"
    if ! "${MVN[@]}" -q dependency:resolve dependency:resolve-plugins >"$TARGET/rck-resolve.log" 2>&1; then
      cat "$TARGET/rck-resolve.log"
      echo "RCK $version: dependency resolution failed"
      return 2
    fi
    echo "$POM_SUM" >"$STAMP"
  fi

  # ---- 2. server ------------------------------------------------------------------------
  local PROPS=() URI="" CREDENTIAL=""
  if [[ "${RCK_LOCAL:-}" == 1 ]]; then
    echo "RCK $version: target = Iceberg Java reference server, in-process (rck.local=true)"
    PROPS+=(-Drck.local=true)
  else
    if [[ -n "${RCK_URI:-}" ]]; then
      URI="$RCK_URI"
      CREDENTIAL="${RCK_CREDENTIAL:-}"
      echo "RCK $version: target = already running server $URI"
    else
      # The data dir must not lie inside the RCK warehouse (file:///tmp, see below), so it is
      # not made under /tmp: under target/<version>/, or /var/tmp when the checkout is in /tmp.
      local data_root="$TARGET"
      case "$(realpath -m "$TARGET")/" in "$RCK_WAREHOUSE_PATH"/*) data_root=/var/tmp ;; esac
      DATA_DIR="$(mktemp -d "$data_root/pangolin-rck-data.XXXXXX")"
      local SERVER_LOG="$TARGET/rck-server.log"
      echo "RCK $version: starting Pangolin (store ${RCK_STORE:-sqlite}, data dir $DATA_DIR, log $SERVER_LOG)"
      (
        cd "$ROOT"
        export PORT=0 PANGOLIN_DATA_DIR="$DATA_DIR" PANGOLIN_STORAGE_TYPE="${RCK_STORE:-sqlite}"
        exec node --import tsx src/server/cli.ts serve
      ) >"$SERVER_LOG" 2>&1 &
      SERVER_PID=$!
      for _ in $(seq 1 600); do   # up to 60 s
        URI="$(grep -m1 -oE 'Pangolin catalog listening on http://[^[:space:]]+' "$SERVER_LOG" 2>/dev/null \
          | sed 's/^Pangolin catalog listening on //' || true)"
        [[ -n "$URI" ]] && break
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then break; fi
        sleep 0.1
      done
      if [[ -z "$URI" ]]; then
        echo "RCK $version: the server did not start; its output:"
        tail -n 40 "$SERVER_LOG"
        return 3
      fi
      local CRED_FILE="$DATA_DIR/credentials.json"
      for _ in $(seq 1 50); do [[ -s "$CRED_FILE" ]] && break; sleep 0.1; done
      CREDENTIAL="$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["client_id"]+":"+d["client_secret"])' "$CRED_FILE")"
      echo "RCK $version: server up at $URI (pid $SERVER_PID)"
      # The kit creates tables at hard-coded locations (CatalogTests: file:/tmp/ns/tbl,
      # file:/tmp/newdb/newtable) and views under JUnit @TempDir folders (java.io.tmpdir,
      # /tmp). A server that keeps every location inside its catalog's warehouse refuses
      # those under the default `local` warehouse (in the data dir), so the RCK runs on a
      # catalog `rck` whose warehouse is file:///tmp, created through the admin API.
      if ! python3 - "$URI" "$CREDENTIAL" "$RCK_WAREHOUSE_URL" <<'PY'
import json, sys, urllib.parse, urllib.request
uri, credential, location = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
client_id, secret = credential.split(":", 1)
form = urllib.parse.urlencode({"grant_type": "client_credentials", "client_id": client_id,
                               "client_secret": secret, "scope": "catalog"}).encode()
token = json.load(urllib.request.urlopen(uri + "/v1/oauth/tokens", form))["access_token"]
def post(path, body):
    req = urllib.request.Request(uri + path, json.dumps(body).encode(), method="POST",
                                 headers={"authorization": "Bearer " + token, "content-type": "application/json"})
    try:
        urllib.request.urlopen(req).read()
    except urllib.error.HTTPError as e:
        sys.exit(f"POST {path}: {e.code} {e.read().decode(errors='replace')}")
post("/api/v1/warehouses", {"name": "rck", "location": location})
post("/api/v1/catalogs", {"name": "rck", "warehouse": "rck"})
PY
      then
        echo "RCK $version: could not create the rck warehouse ($RCK_WAREHOUSE_URL) and catalog"
        return 3
      fi
      echo "RCK $version: catalog rck on warehouse $RCK_WAREHOUSE_URL"
    fi
    local WAREHOUSE="${RCK_WAREHOUSE:-rck}"
    if [[ -n "${RCK_URI:-}" ]]; then WAREHOUSE="${RCK_WAREHOUSE:-local}"; fi
    # RCKUtils.initCatalogClient() passes *all* JVM system properties to the RESTCatalog as
    # catalog properties, so the client needs the unprefixed uri/warehouse/credential, while the
    # behaviour flags are read from those same catalog properties under their rck.* names and
    # rck.local is a JUnit configuration parameter (falls back to system properties). We pass
    # both spellings, as Iceberg's Gradle build does.
    PROPS+=(
      -Drck.local=false
      "-Drck.uri=$URI" "-Duri=$URI"
      "-Drck.warehouse=$WAREHOUSE" "-Dwarehouse=$WAREHOUSE"
      -Drck.requires-namespace-create=true -Drequires-namespace-create=true
      -Drck.supports-serverside-retry=true -Dsupports-serverside-retry=true
      -Drck.supports-names-with-dot=true -Dsupports-names-with-dot=true
    )
    if [[ -n "$CREDENTIAL" ]]; then
      PROPS+=("-Drck.credential=$CREDENTIAL" "-Dcredential=$CREDENTIAL")
    fi
  fi
  if [[ "${RCK_HTTP_LOG:-}" == 1 ]]; then
    PROPS+=(-Dorg.slf4j.simpleLogger.log.org.apache.hc.client5.http.wire=debug
            -Dorg.slf4j.simpleLogger.log.org.apache.hc.client5.http.headers=debug)
  fi

  # ---- 3. run the suites ------------------------------------------------------------------
  rm -rf "$REPORTS"
  echo "RCK $version: running suites (Maven log: $TARGET/rck-maven.log)"
  local MVN_RC SUM_RC
  set +e
  "${MVN[@]}" test -Dmaven.test.failure.ignore=true "-Dtest=$TEST_SEL" "${PROPS[@]}" "$@" \
    >"$TARGET/rck-maven.log" 2>&1
  MVN_RC=$?
  set -e
  grep -E 'Tests run:|BUILD (SUCCESS|FAILURE)' "$TARGET/rck-maven.log" | sed 's/^/  /' || true

  # ---- 4. summary -------------------------------------------------------------------------
  set +e
  python3 "$HERE/summarize.py" --label "RCK $version" --counts "$TARGET/rck-counts" "$REPORTS" "$EXCLUDED"
  SUM_RC=$?
  set -e
  if [[ $MVN_RC != 0 ]]; then
    echo "RCK $version: Maven exited with $MVN_RC; last lines of $TARGET/rck-maven.log:"
    tail -n 30 "$TARGET/rck-maven.log"
  fi
  echo "RCK $version: finished in $(( $(date +%s) - vstart ))s"
  if [[ $MVN_RC == 0 && $SUM_RC == 0 ]]; then RUN_OK=1; fi
  # ---- 5. stop this version's server (keeps its data dir when something failed) -----------
  stop_server
  [[ "$RUN_OK" == 1 ]]
}

STATUS=0
TOTAL=(0 0 0 0)
PARTS=()
for profile in "${PROFILES[@]}"; do
  version="$(profile_version "$profile")"
  if [[ -z "$version" ]]; then
    echo "RCK: pom.xml has no profile iceberg-$profile with an <iceberg.version>"
    STATUS=2
    PARTS+=("iceberg-$profile: no such profile")
    TOTAL[0]=$(( TOTAL[0] + 1 )); TOTAL[2]=$(( TOTAL[2] + 1 ))
    continue
  fi
  rc=0
  run_version "$profile" "$version" "$@" || rc=$?
  [[ $rc != 0 ]] && STATUS=1
  counts_file="$HERE/target/$version/rck-counts"
  if [[ -s "$counts_file" ]]; then
    read -r c_run c_pass c_fail c_skip <"$counts_file"
  else
    # nothing ran (resolution failed, no server, no reports): count the version as one failure
    c_run=1 c_pass=0 c_fail=1 c_skip=0
  fi
  TOTAL[0]=$(( TOTAL[0] + c_run )); TOTAL[1]=$(( TOTAL[1] + c_pass ))
  TOTAL[2]=$(( TOTAL[2] + c_fail )); TOTAL[3]=$(( TOTAL[3] + c_skip ))
  PARTS+=("$version: $c_run run, $c_pass passed, $c_fail failed, $c_skip skipped")
done

joined="$(printf '%s; ' "${PARTS[@]}")"
echo "RCK: finished in $(( $(date +%s) - START ))s"
echo "RCK: ${TOTAL[0]} run, ${TOTAL[1]} passed, ${TOTAL[2]} failed, ${TOTAL[3]} skipped (${joined%; })"
exit $STATUS
