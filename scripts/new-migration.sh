#!/usr/bin/env bash
# Writes prisma/migrations/<timestamp>_<name>.sql from the difference between the committed schema (HEAD) and the
# working one, with `prisma migrate diff` against a throwaway embedded Postgres (the JS engine needs a database
# to diff through). node-pg-migrate applies it at the next start (docs/operations.md).
set -euo pipefail
name=${1:?usage: scripts/new-migration.sh <name>}
file="prisma/migrations/$(date -u +%Y%m%d%H%M%S)_${name}.sql"
previous=$(mktemp --suffix=.prisma)
git show HEAD:prisma/schema.prisma > "$previous"
scratch=$(mktemp -d)
chmod 755 "$scratch" # as root, the embedded Postgres runs as the `postgres` user, which must reach its folder
EMBEDDED_POSTGRES_DIR="$scratch/postgres" npx tsx scripts/with-database.ts -- \
  sh -c "npx prisma migrate diff --from-schema-datamodel '$previous' --to-schema-datamodel prisma/schema.prisma --script > '$file'"
rm -rf "$scratch" "$previous"
echo "wrote $file (review it: partial indexes and data changes are written by hand)"
