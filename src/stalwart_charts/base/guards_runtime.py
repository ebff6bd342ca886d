"""Guard cases of templates/_validate_runtime.tpl (`stalwart.validate.runtime`):
the version line (0.16 -> 1.x) and FoundationDB, as data like `guards.GUARDS`,
which includes them."""
from __future__ import annotations

from typing import Any

from chartkit.testing.guards import GuardCase

ONE_X = {"image": {"tag": "v1.0.3"}}
ROCKSDB = {"config": {"dataStore": {"@type": "RocksDb", "path": "/var/lib/stalwart/db"}}}
FDB = {"config": {"dataStore": {"@type": "FoundationDb"}}, "persistence": {"data": {"enabled": False}}}
MIGRATION_PAGE = "https://stalw.art/docs/migration/upgrade-0-16/"

RUNTIME_GUARDS: list[GuardCase] = [
    GuardCase("one-x-on-a-0.16-store", "a 1.x image.tag while dataStoreVersion names a 0.16 store",
              {**ONE_X, "dataStoreVersion": "v0.16.27"},
     ["image.tag: v1.0.3 is Stalwart 1.x", "created by Stalwart 0.16 (dataStoreVersion says v0.16.27)",
      "cannot open a 0.16 store", MIGRATION_PAGE, "stalwart-migrate", "set dataStoreVersion"]),
    GuardCase("one-x-declarative", "a 1.x image.tag in declarative mode",
              {**ONE_X, **ROCKSDB},
     ["image.tag: v1.0.3 is Stalwart 1.x, but declarative mode", "0.16's schema only",
      "1.0 rejects 0.16 plans", "wizard mode"]),
    GuardCase("one-x-declarative-on-migrated-store", "a 1.x image.tag in declarative mode on a 1.x store",
              {**ONE_X, **ROCKSDB, "dataStoreVersion": "1.0.3"},
     ["image.tag: v1.0.3 is Stalwart 1.x, but declarative mode"]),
    GuardCase("foundationdb-on-official-image", "a FoundationDb store on an image not declared FDB-capable",
              FDB,
     ["config.dataStore: FoundationDb needs an image built with FoundationDB support",
      "Binary was not compiled with the selected data store backend", "Dockerfile.fdb",
      "image.foundationDb=true"]),
]

RUNTIME_ALLOWED: list[tuple[str, dict[str, Any]]] = [
    ("one-x-fresh-wizard", ONE_X),
    ("one-x-wizard-on-migrated-store", {**ONE_X, "dataStoreVersion": "v1.0.3"}),
    ("zero-16-on-a-0.16-store", {"image": {"tag": "v0.16.27"}, "dataStoreVersion": "v0.16.27"}),
    ("foundationdb-on-fdb-image", {**FDB, "image": {"repository": "registry.example.com/stalwart-fdb",
                                                    "foundationDb": True}}),
]
