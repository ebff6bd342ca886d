"""templates/objectbucketclaim.yaml: a bucket for Stalwart's S3 blob store."""
from __future__ import annotations

from chartkit.rendering.render import find
from stalwart_charts.platform.scenarios import ALL_FEATURES

OB = {"objectBucket": {"enabled": True, "storageClassName": "rook-ceph-bucket"}}


def test_generated_bucket_name_by_default(rp) -> None:
    claim = find(rp(OB), "ObjectBucketClaim")
    assert claim["metadata"]["name"] == "stalwart-blobs"
    assert claim["spec"] == {"storageClassName": "rook-ceph-bucket", "generateBucketName": "stalwart-blobs"}
    assert claim["metadata"]["annotations"]["helm.sh/resource-policy"] == "keep"


def test_fixed_bucket_name_and_provisioner_config(rp) -> None:
    spec = find(rp(ALL_FEATURES), "ObjectBucketClaim")["spec"]
    assert spec == {"storageClassName": "rook-ceph-bucket", "bucketName": "stalwart-blobs",
                    "additionalConfig": {"maxSize": "500G"}}


def test_uninstall_may_drop_the_claim_when_asked(rp) -> None:
    claim = find(rp(OB, {"objectBucket": {"keepOnUninstall": False}}), "ObjectBucketClaim")
    assert "annotations" not in claim["metadata"]
