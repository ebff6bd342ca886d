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


def test_fixed_bucket_name_from_namespace_and_release_and_provisioner_config(rp) -> None:
    spec = find(rp(ALL_FEATURES), "ObjectBucketClaim")["spec"]
    assert spec == {"storageClassName": "rook-ceph-bucket", "bucketName": "mail-stalwart-blobs",
                    "additionalConfig": {"maxSize": "500G"}}


def test_fixed_bucket_name_differs_per_namespace_and_release(rp) -> None:
    fixed = {"objectBucket": {"fixedBucketName": True, "acknowledgeBucketTakeover": True}}
    cases = (("mail", "stalwart"), ("staging", "stalwart"), ("mail", "mx"))
    names = {find(rp(OB, fixed, {"base": {"release": release}}, namespace=ns),
                  "ObjectBucketClaim")["spec"]["bucketName"] for ns, release in cases}
    assert names == {"mail-stalwart-blobs", "staging-stalwart-blobs", "mail-mx-stalwart-blobs"}


def test_fixed_bucket_name_fits_an_s3_bucket_name(rp) -> None:
    fixed = {"objectBucket": {"fixedBucketName": True, "acknowledgeBucketTakeover": True}}
    name = find(rp(OB, fixed, {"base": {"release": "r" * 53}}, namespace="n" * 40),
                "ObjectBucketClaim")["spec"]["bucketName"]
    assert len(name) <= 63 and name[-1].isalnum() and name.startswith("n" * 40 + "-")


def test_uninstall_may_drop_the_claim_when_asked(rp) -> None:
    claim = find(rp(OB, {"objectBucket": {"keepOnUninstall": False}}), "ObjectBucketClaim")
    assert "annotations" not in claim["metadata"]


def test_legacy_bucket_name_is_kept_verbatim_when_acknowledged(rp) -> None:
    legacy = {"objectBucket": {"bucketName": "stalwart-blobs", "acknowledgeBucketTakeover": True}}
    assert find(rp(OB, legacy), "ObjectBucketClaim")["spec"] == {"storageClassName": "rook-ceph-bucket",
                                                                 "bucketName": "stalwart-blobs"}
