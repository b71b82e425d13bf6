#!/usr/bin/env bash
# Adds a migration NAME to both provider histories (SQLite and PostgreSQL).
# Usage: Migrations/add-migration.sh NAME        (from anywhere in the repo)
# EF Core writes a model snapshot outside the project to a namespace-derived folder; it is moved here.
set -euo pipefail
name=${1:?usage: $0 MigrationName}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" --project BridgePortal --startup-project BridgePortal \
    --context "${provider}BridgeDbContext" \
    --output-dir "../Migrations/BridgePortal.Migrations.$provider" \
    --namespace "BridgePortal.Migrations.$provider"
  stray="BridgePortal/BridgePortal/Migrations/$provider/${provider}BridgeDbContextModelSnapshot.cs"
  if [ -f "$stray" ]; then
    mv "$stray" "Migrations/BridgePortal.Migrations.$provider/"
  fi
done
rm -rf BridgePortal/BridgePortal
echo "Added $name to both histories under Migrations/."
