"""Values overlays the base chart's guard cases and near misses share: declarative mode on RocksDB or
PostgreSQL, a shared data volume, several pods with external stores, the http port published on
purpose."""
from __future__ import annotations

from chartkit.testing.guards import GuardCase, guard_cases, guard_message  # noqa: F401 (the tests' one import)

# Declarative mode: RocksDB on the data volume, or PostgreSQL with no volume at all.
ROCKSDB = {"config": {"dataStore": {"@type": "RocksDb", "path": "/var/lib/stalwart/db"}}}


POSTGRES = {"config": {"dataStore": {"@type": "PostgreSql", "host": "pg-rw", "authSecret": {
    "@type": "EnvironmentVariable", "variableName": "STALWART_DB_PASSWORD"}}},
            "env": [{"name": "STALWART_DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "pg", "key": "password"}}}],
            "persistence": {"data": {"enabled": False}}}


SHARED_DATA = {"persistence": {"data": {"accessMode": "ReadWriteMany"}}}


REDIS = "redis://redis-master.redis.svc:6379"


# Several pods: declarative mode (wizard mode runs one), external stores, a coordinator.
STATELESS = {**POSTGRES, "bootstrap": {"inMemoryStore": {"redisUrl": REDIS}, "coordinator": {"type": "Default"}}}


# The http port published outside on purpose, for the cases about other Service rules.
HTTP_OUT = {"acceptRisks": {"plainHttpOutside": True}}
# Credential-like env names with plain values, accepted on purpose (NOTES still warn).
ACCEPT_ENV = {"acceptRisks": {"plainEnvValues": True}}
# Wizard mode with config.json on an emptyDir, accepted on purpose (NOTES still warn).
EPHEMERAL_CONFIG = {"persistence": {"config": {"enabled": False}}, "acceptRisks": {"ephemeralConfig": True}}
# Mail TLS from a Secret, the reload sidecar logging in with its own credentials.
TLS_WITH_RELOAD = {"tls": {"secretName": "stalwart-tls", "reload": {"existingSecret": "reload-admin"}}}
