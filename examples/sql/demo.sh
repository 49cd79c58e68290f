#!/usr/bin/env bash
# schema.sql as athanor's models, on embedded PostgreSQL (PGlite): no server needed.
set -euo pipefail
cd "$(dirname "$0")"
source ../demo-lib.sh

rm -rf .athanor
step history
step upgrade            # the migration generated from schema.sql (athanor migrate -m "users and todos")
step check              # schema.sql and the database agree
step downgrade -1       # the generated downgrade drops what the upgrade created
step current
step upgrade
