#!/usr/bin/env bash
# A Drizzle app whose schema file is athanor's models, on embedded PostgreSQL (PGlite): no server needed.
set -euo pipefail
cd "$(dirname "$0")"
source ../demo-lib.sh

rm -rf .athanor
step history
step upgrade            # the migration generated from db/schema.ts (athanor migrate -m "users and todos")
step check              # the Drizzle schema and the database agree
printf '\n\033[1m$ tsx query.ts\033[0m\n'; node --import tsx query.ts
step downgrade -1       # the generated downgrade drops what the upgrade created
step current
step upgrade
