#!/bin/bash
# EMR bootstrap action of the metrics lakehouse. Runs on every node of both clusters (as user
# hadoop, before EMR installs the applications). Uploaded by terraform (modules/compute) to
# s3://<artifacts>/bootstrap/bootstrap.sh.
#
# Every node:
#   - reads the PostgreSQL credentials from Secrets Manager (the instance profile may read exactly
#     that secret) and writes /etc/metrics-lakehouse/catalog.properties: the Iceberg catalog
#     properties file the product's jobs and the iceberg-schemas CLI take (--catalog-config);
# Spark cluster (--role spark):
#   - installs the Spark 4.1.3 runtime the product's jars are built for (EMR 7's own Spark is 3.5,
#     Scala 2.12) from s3://<artifacts>/spark-runtime/, plus extra jars (hadoop-aws, ...);
#   - installs /opt/metrics-lakehouse/bin/lakehouse-submit (what EMR steps and the DAGs run);
#   - primary node only: creates the Iceberg catalog database if it does not exist (RDS creates one
#     database per instance; the embedded default has two).
# Trino cluster (--role trino):
#   - hands the catalog credentials to the Trino server through a systemd drop-in (environment
#     variables ICEBERG_JDBC_USER / ICEBERG_JDBC_PASSWORD, referenced as ${ENV:...} in the
#     trino-connector-iceberg classification), so no password is part of the EMR configuration.
set -euo pipefail

role="" region="" secret_arn="" db_host="" db_port="5432" catalog_db="" control_plane_db=""
warehouse="" artifacts_bucket="" spark_runtime=""
while [ $# -gt 0 ]; do
  case "$1" in
    --role) role=$2; shift 2 ;;
    --region) region=$2; shift 2 ;;
    --secret-arn) secret_arn=$2; shift 2 ;;
    --db-host) db_host=$2; shift 2 ;;
    --db-port) db_port=$2; shift 2 ;;
    --catalog-db) catalog_db=$2; shift 2 ;;
    --control-plane-db) control_plane_db=$2; shift 2 ;;
    --warehouse) warehouse=$2; shift 2 ;;
    --artifacts-bucket) artifacts_bucket=$2; shift 2 ;;
    --spark-runtime) spark_runtime=$2; shift 2 ;;
    *) echo "bootstrap: unknown argument $1" >&2; exit 2 ;;
  esac
done
for required in role region secret_arn db_host catalog_db warehouse artifacts_bucket; do
  if [ -z "${!required}" ]; then echo "bootstrap: --${required//_/-} is required" >&2; exit 2; fi
done

log() { echo "metrics-lakehouse bootstrap ($role): $*"; }
is_primary() { grep -q '"isMaster": *true' /mnt/var/lib/info/instance.json; }

conf_dir=/etc/metrics-lakehouse
home=/opt/metrics-lakehouse
sudo mkdir -p "$conf_dir" "$home/bin" "$home/lib"

secret_json=$(aws secretsmanager get-secret-value --region "$region" --secret-id "$secret_arn" \
  --query SecretString --output text)

# Java properties and systemd environment files written by Python, which escapes what needs
# escaping (backslashes, quotes) whatever the password contains.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
SECRET_JSON="$secret_json" DB_HOST="$db_host" DB_PORT="$db_port" CATALOG_DB="$catalog_db" \
WAREHOUSE="$warehouse" REGION="$region" WORK="$work" python3 - <<'PY'
import json, os, shlex

secret = json.loads(os.environ["SECRET_JSON"])
user, password = secret["username"], secret["password"]

def prop(value):
    out = []
    for ch in value:
        if ch in "\\:=#!":
            out.append("\\" + ch)
        elif ch == " ":
            out.append("\\ ")
        else:
            out.append(ch)
    return "".join(out)

catalog = {
    "type": "jdbc",
    "uri": "jdbc:postgresql://%s:%s/%s?sslmode=require" % (os.environ["DB_HOST"], os.environ["DB_PORT"], os.environ["CATALOG_DB"]),
    "jdbc.user": user,
    "jdbc.password": password,
    # V1 catalog tables, as in the embedded default (StackEndpoints.icebergCatalogProperties).
    "jdbc.schema-version": "V1",
    "warehouse": os.environ["WAREHOUSE"],
    "io-impl": "org.apache.iceberg.aws.s3.S3FileIO",
    "client.region": os.environ["REGION"],
}
with open(os.path.join(os.environ["WORK"], "catalog.properties"), "w") as f:
    f.write("# Written by the EMR bootstrap action at boot; credentials from Secrets Manager.\n")
    for key, value in catalog.items():
        f.write("%s=%s\n" % (key, prop(value)))

# systemd EnvironmentFile: single-quoted values are taken literally (no escapes, no expansion).
for value in (user, password):
    if "'" in value or "\n" in value:
        raise SystemExit("bootstrap: the database user or password contains a single quote or a newline; "
                         "choose one without (see infra/terraform/README.md)")
with open(os.path.join(os.environ["WORK"], "trino.env"), "w") as f:
    f.write("ICEBERG_JDBC_USER='%s'\n" % user)
    f.write("ICEBERG_JDBC_PASSWORD='%s'\n" % password)

with open(os.path.join(os.environ["WORK"], "pg.env"), "w") as f:
    f.write("export PGUSER=%s PGPASSWORD=%s\n" % (shlex.quote(user), shlex.quote(password)))
PY

# Readable by the hadoop group: the step runner (hadoop) and YARN containers (yarn, a member of
# hadoop on EMR) start the product's drivers.
sudo install -m 0640 -o root -g hadoop "$work/catalog.properties" "$conf_dir/catalog.properties"
log "wrote $conf_dir/catalog.properties"

if [ "$role" = "trino" ]; then
  sudo install -m 0600 -o root -g root "$work/trino.env" "$conf_dir/trino.env"
  sudo mkdir -p /etc/systemd/system/trino-server.service.d
  printf '[Service]\nEnvironmentFile=%s/trino.env\n' "$conf_dir" \
    | sudo tee /etc/systemd/system/trino-server.service.d/10-metrics-lakehouse.conf >/dev/null
  log "Trino catalog credentials in $conf_dir/trino.env (systemd drop-in for trino-server)"
  exit 0
fi

if [ "$role" != "spark" ]; then
  echo "bootstrap: --role must be spark or trino, got $role" >&2
  exit 2
fi

# --- Spark cluster ---------------------------------------------------------------------------
if [ -z "$spark_runtime" ]; then echo "bootstrap: --spark-runtime is required for role spark" >&2; exit 2; fi

aws s3 cp --only-show-errors "s3://$artifacts_bucket/spark-runtime/$spark_runtime" "$work/spark.tgz"
sudo mkdir -p "$home/spark"
sudo tar -xzf "$work/spark.tgz" -C "$home/spark" --strip-components=1
# Extra jars for the runtime (hadoop-aws + AWS SDK bundle for s3a checkpoints, the PostgreSQL
# driver and Iceberg runtime if the application jars do not carry them).
if aws s3 ls "s3://$artifacts_bucket/spark-runtime/jars/" >/dev/null 2>&1; then
  sudo aws s3 cp --only-show-errors --recursive "s3://$artifacts_bucket/spark-runtime/jars/" "$home/spark/jars/"
fi
sudo tee "$home/spark/conf/spark-defaults.conf" >/dev/null <<EOF
# Written by the EMR bootstrap action: the product's Spark 4 runtime on EMR's YARN.
spark.master                                  yarn
spark.submit.deployMode                       cluster
spark.yarn.maxAppAttempts                     10
spark.yarn.am.attemptFailuresValidityInterval 1h
spark.sql.session.timeZone                    UTC
spark.sql.sources.partitionOverwriteMode      dynamic
# s3a (checkpoints): instance profile credentials; the bucket's default SSE-KMS encrypts.
spark.hadoop.fs.s3a.endpoint.region           $region
EOF
sudo tee "$home/spark/conf/spark-env.sh" >/dev/null <<'EOF'
export HADOOP_CONF_DIR=/etc/hadoop/conf
export YARN_CONF_DIR=/etc/hadoop/conf
EOF

sudo tee "$conf_dir/lakehouse.env" >/dev/null <<EOF
ARTIFACTS_BUCKET=$artifacts_bucket
SPARK_HOME=$home/spark
CATALOG_CONFIG=$conf_dir/catalog.properties
AWS_REGION=$region
EOF
aws s3 cp --only-show-errors "s3://$artifacts_bucket/bootstrap/lakehouse-submit.sh" "$work/lakehouse-submit"
sudo install -m 0755 "$work/lakehouse-submit" "$home/bin/lakehouse-submit"
log "Spark runtime in $home/spark, lakehouse-submit in $home/bin"

if is_primary && [ -n "$control_plane_db" ]; then
  # The catalog database: created once, here, because RDS creates only the control-plane one.
  sudo dnf install -y -q postgresql15 >/dev/null 2>&1 || sudo dnf install -y -q postgresql >/dev/null
  # shellcheck disable=SC1091
  . "$work/pg.env"
  conn="host=$db_host port=$db_port dbname=$control_plane_db sslmode=require connect_timeout=10"
  for attempt in 1 2 3 4 5 6; do
    if exists=$(psql "$conn" -Atc "SELECT 1 FROM pg_database WHERE datname = '$catalog_db'"); then break; fi
    log "PostgreSQL not reachable yet (attempt $attempt)"; sleep 10
  done
  if [ "${exists:-}" != "1" ]; then
    psql "$conn" -c "CREATE DATABASE \"$catalog_db\""
    log "created database $catalog_db"
  fi
fi
