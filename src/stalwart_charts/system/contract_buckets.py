"""The bucket link of `stalwart_charts.system.contract`: the platform's ObjectBucketClaim is
the bucket the base release's plan writes into Stalwart's BlobStore, with
nothing of it typed twice.

The base chart reads a claim through `bootstrap.blobStore.s3.fromBucketClaim`:
its bootstrap Job fills the plan's bucket slots from the claim's ConfigMap at
apply time (configMapKeyRef), and the Stalwart container reads the keys from
the claim's Secret (secretKeyRef). A bucket, host or key typed into the base
values instead goes stale the day the provisioner's answer differs (a
generated bucket name always does).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from stalwart_charts.system.bundle import NotApplicable, _config_documents, _containers

if TYPE_CHECKING:
    from stalwart_charts.system.bundle import Bundle, Obj

# The slot the base chart writes for each ConfigMap key (helm/base
# templates/_declarative.tpl, stalwart.bucketClaimSlots).
SLOTS = {key: f"__{key}__" for key in ("BUCKET_NAME", "BUCKET_HOST", "BUCKET_PORT", "BUCKET_REGION")}
READ_AT_APPLY = ("BUCKET_NAME", "BUCKET_HOST", "BUCKET_PORT")  # required; BUCKET_REGION may be absent (NooBaa)


def _blob_stores(bundle: Bundle) -> list[tuple[str, Obj]]:
    return [(where, op["value"]) for where, key, op in _config_documents(bundle) if key.endswith(".ndjson")
            and isinstance(op, dict) and str(op.get("object", "")).removeprefix("x:") == "BlobStore"
            and isinstance(op.get("value"), dict) and op["value"].get("@type") == "S3"]


def _config_map_reads(bundle: Bundle) -> dict[str, set[str]]:
    """ConfigMap name -> the keys some base container reads from it, not optionally."""
    reads: dict[str, set[str]] = {}
    for _, spec in bundle.base_pods():
        for c in _containers(spec):
            for e in c.get("env") or []:
                ref = (e.get("valueFrom") or {}).get("configMapKeyRef")
                if ref and not ref.get("optional"):
                    reads.setdefault(ref["name"], set()).add(ref["key"])
    return reads


def bucket_from_claim(bundle: Bundle) -> list[str]:
    """The plan's S3 BlobStore takes bucket and endpoint from the claim's
    ConfigMap: slots in the plan, filled by a base container reading that
    ConfigMap's keys; never a literal typed into the base values."""
    claims = [o["metadata"]["name"] for o in bundle.platform_kind("ObjectBucketClaim")]
    if not claims:
        raise NotApplicable("the platform renders no ObjectBucketClaim")
    stores = _blob_stores(bundle)
    if not stores:
        raise NotApplicable("the base plan writes no S3 BlobStore (bootstrap.blobStore.s3 is off)")
    reads = _config_map_reads(bundle)
    problems = []
    for claim in claims:
        fix = f"set bootstrap.blobStore.s3.fromBucketClaim={claim} and clear bucket and endpoint"
        missing = [k for k in READ_AT_APPLY if k not in reads.get(claim, set())]
        if missing:
            problems.append(f"ObjectBucketClaim/{claim}: no base container reads {missing} from ConfigMap {claim!r} "
                            f"(configMapKeyRef; it reads {sorted(reads)}); {fix}")
        for where, store in stores:
            endpoint = (store.get("region") or {}).get("customEndpoint", "")
            if store.get("bucket") != SLOTS["BUCKET_NAME"]:
                problems.append(f"{where}: the BlobStore's bucket is typed ({store.get('bucket')!r}), not read from "
                                f"ObjectBucketClaim/{claim}, whose provisioner picks the name; {fix}")
            if not all(SLOTS[k] in endpoint for k in ("BUCKET_HOST", "BUCKET_PORT")):
                problems.append(f"{where}: the BlobStore's endpoint is typed ({endpoint!r}), not read from "
                                f"ObjectBucketClaim/{claim}'s BUCKET_HOST and BUCKET_PORT; {fix}")
    return problems

