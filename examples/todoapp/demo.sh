#!/usr/bin/env bash
# The seeds' todo app on embedded PostgreSQL (PGlite): no server needed.
set -euo pipefail
cd "$(dirname "$0")"
source ../demo-lib.sh

rm -rf .athanor
step history
step upgrade            # create todos, seed three rows, add completed safely (nullable → backfill → NOT NULL)
step current
step downgrade -1       # roll back: the completed column goes, the rows stay
step current
step upgrade --sql 5d1e7c2b9a30:head   # what upgrading would run, without running it
step upgrade
step check             # models.ts and the database agree (autogenerate would write nothing)
