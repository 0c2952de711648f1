#!/usr/bin/env bash
# Run Apache Iceberg's REST Compatibility Kit (RCK) against the Pangolin catalog server.
#
#   test/rck/run.sh [extra Maven args, e.g. -Dtest='RESTCompatibilityKitCatalogTests#testRenameTable']
#
# Steps: (1) resolve the RCK classpath with Maven (cached in ~/.m2 after the first run),
# (2) start `node --import tsx src/server/cli.ts serve` on a free port with a fresh data dir,
# (3) run RESTCompatibilityKitCatalogTests + RESTCompatibilityKitViewCatalogTests with Surefire,
# (4) print `RCK: <run> run, <passed> passed, <failed> failed, <skipped> skipped` and the
# failed tests, (5) stop the server. Exit status is non-zero on any failure.
#
# Environment:
#   RCK_STORE=sqlite|memory|postgres|mongodb   PANGOLIN_STORAGE_TYPE for the server (default sqlite);
#                             postgres and mongodb also need DATABASE_URL (use a fresh database)
#   RCK_LOCAL=1               no Pangolin: run against Iceberg's Java reference server in-process
#                             (rck.local=true) - checks the harness itself
#   RCK_URI=http://host:port  use an already running server (no server is started);
#                             with RCK_CREDENTIAL=id:secret and RCK_WAREHOUSE (default local)
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
TARGET="$HERE/target"
REPORTS="$TARGET/surefire-reports"
EXCLUDED="$HERE/excluded-tests.txt"
START=$(date +%s)

MVN=(mvn -B -ntp -f "$POM")
[[ "${MVN_OFFLINE:-}" == 1 ]] && MVN+=(-o)

SERVER_PID=""
DATA_DIR=""
STATUS=1
cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ -n "$DATA_DIR" ]]; then
    if [[ "$STATUS" == 0 && "${RCK_KEEP:-}" != 1 ]]; then
      rm -rf "$DATA_DIR"
    else
      echo "RCK: server data dir kept: $DATA_DIR"
    fi
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- 1. classpath -----------------------------------------------------------------------
mkdir -p "$TARGET"
STAMP="$TARGET/.resolved"
POM_SUM="$(sha256sum "$POM" | cut -d' ' -f1)"
if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$POM_SUM" ]]; then
  echo "RCK: classpath already resolved for this pom.xml (delete $STAMP to re-check)"
else
  echo "RCK: resolving classpath (Maven, cached in ~/.m2)"
  if ! "${MVN[@]}" -q dependency:resolve dependency:resolve-plugins >"$TARGET/rck-resolve.log" 2>&1; then
    cat "$TARGET/rck-resolve.log"
    echo "RCK: dependency resolution failed"
    exit 2
  fi
  echo "$POM_SUM" >"$STAMP"
fi

# ---- exclusions -------------------------------------------------------------------------
TEST_SEL="${RCK_TESTS:-RESTCompatibilityKitCatalogTests,RESTCompatibilityKitViewCatalogTests}"
if [[ -f "$EXCLUDED" ]]; then
  while IFS= read -r line; do
    trimmed="${line#"${line%%[![:space:]]*}"}"
    [[ -z "$trimmed" || "$trimmed" == \#* ]] && continue
    spec="${trimmed%%[[:space:]]*}"
    if [[ "$spec" != *#* || "$trimmed" != *"# "* ]]; then
      echo "RCK: bad line in excluded-tests.txt (want 'Class#method  # reason'): $line"
      exit 2
    fi
    TEST_SEL+=",!$spec"
    echo "RCK: excluding $spec"
  done <"$EXCLUDED"
fi

# ---- 2. server --------------------------------------------------------------------------
PROPS=()
if [[ "${RCK_LOCAL:-}" == 1 ]]; then
  echo "RCK: target = Iceberg Java reference server, in-process (rck.local=true)"
  PROPS+=(-Drck.local=true)
else
  if [[ -n "${RCK_URI:-}" ]]; then
    URI="$RCK_URI"
    CREDENTIAL="${RCK_CREDENTIAL:-}"
    echo "RCK: target = already running server $URI"
  else
    DATA_DIR="$(mktemp -d "${TMPDIR:-/tmp}/pangolin-rck.XXXXXX")"
    SERVER_LOG="$TARGET/rck-server.log"
    echo "RCK: starting Pangolin (store ${RCK_STORE:-sqlite}, data dir $DATA_DIR, log $SERVER_LOG)"
    (
      cd "$ROOT"
      export PORT=0 PANGOLIN_DATA_DIR="$DATA_DIR" PANGOLIN_STORAGE_TYPE="${RCK_STORE:-sqlite}"
      exec node --import tsx src/server/cli.ts serve
    ) >"$SERVER_LOG" 2>&1 &
    SERVER_PID=$!
    URI=""
    for _ in $(seq 1 600); do   # up to 60 s
      URI="$(grep -m1 -oE 'Pangolin catalog listening on http://[^[:space:]]+' "$SERVER_LOG" 2>/dev/null \
        | sed 's/^Pangolin catalog listening on //' || true)"
      [[ -n "$URI" ]] && break
      if ! kill -0 "$SERVER_PID" 2>/dev/null; then break; fi
      sleep 0.1
    done
    if [[ -z "$URI" ]]; then
      echo "RCK: the server did not start; its output:"
      tail -n 40 "$SERVER_LOG"
      exit 3
    fi
    CRED_FILE="$DATA_DIR/credentials.json"
    for _ in $(seq 1 50); do [[ -s "$CRED_FILE" ]] && break; sleep 0.1; done
    CREDENTIAL="$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["client_id"]+":"+d["client_secret"])' "$CRED_FILE")"
    echo "RCK: server up at $URI (pid $SERVER_PID)"
  fi
  WAREHOUSE="${RCK_WAREHOUSE:-local}"
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

# ---- 3. run the suites --------------------------------------------------------------------
rm -rf "$REPORTS"
echo "RCK: running suites (Maven log: $TARGET/rck-maven.log)"
set +e
"${MVN[@]}" test -Dmaven.test.failure.ignore=true "-Dtest=$TEST_SEL" "${PROPS[@]}" "$@" \
  >"$TARGET/rck-maven.log" 2>&1
MVN_RC=$?
set -e
grep -E 'Tests run:|BUILD (SUCCESS|FAILURE)' "$TARGET/rck-maven.log" | sed 's/^/  /' || true

# ---- 4. summary ---------------------------------------------------------------------------
set +e
python3 "$HERE/summarize.py" "$REPORTS" "$EXCLUDED"
SUM_RC=$?
set -e
if [[ $MVN_RC != 0 ]]; then
  echo "RCK: Maven exited with $MVN_RC; last lines of $TARGET/rck-maven.log:"
  tail -n 30 "$TARGET/rck-maven.log"
fi
echo "RCK: finished in $(( $(date +%s) - START ))s"
if [[ $MVN_RC == 0 && $SUM_RC == 0 ]]; then STATUS=0; fi
# ---- 5. the EXIT trap stops the server ----------------------------------------------------
exit $STATUS
