"""An ExternalSecret never adopts a Secret it did not make (_validate_adoption.tpl):
on a real cluster `lookup` sees a hand-made Secret of the target name and the
render is refused with creationPolicy Owner; following the advice (Merge)
installs and leaves the Secret as it was. A Secret the ExternalSecret of that
name owns (what External Secrets writes with Owner) passes an upgrade. `helm
template` sees no cluster, so only this tier can show the lookup path."""
from __future__ import annotations

import pytest

from chartkit.cluster.api import ApiError
from chartkit.cluster.checks import secret_data
from chartkit.cluster.helmops import release_status
from chartkit.rendering.helm import HELMS
from stalwart_charts.charts import PLATFORM

# One xdist worker runs the whole tier (chartkit.cluster.scheduling), on one control plane.
pytestmark = pytest.mark.cluster
RELEASE = "stalwart-platform"
ES = ("--set", "externalSecrets.enabled=true", "--set", "externalSecrets.secretStoreRef.name=vault")
ADMIN = ("--set", "externalSecrets.adminSecret.enabled=true", "--set", "secret.keys[0]=STALWART_METRICS_USERNAME")


def hand_made(cluster, namespace: str, name: str, owner: dict | None = None) -> None:
    meta: dict = {"name": name}
    if owner:
        meta["ownerReferences"] = [owner]
    cluster.api.create(f"/api/v1/namespaces/{namespace}/secrets", {
        "apiVersion": "v1", "kind": "Secret", "metadata": meta,
        "stringData": {"STALWART_RECOVERY_ADMIN": "admin:secret", "MY_OWN_KEY": "kept"}})


@pytest.mark.parametrize("helm", list(HELMS))
def test_hand_made_secret_is_refused_then_merged(cluster, namespace, helm: str) -> None:
    h = cluster.helm(helm)
    hand_made(cluster, namespace, "stalwart")
    before = secret_data(cluster.api, namespace, "stalwart")
    refused = h.install(RELEASE, PLATFORM.path, namespace, extra=ES)
    assert refused.returncode != 0
    assert (f'externalSecrets.creationPolicy: Secret "stalwart" already exists in namespace {namespace} and no '
            'ExternalSecret "stalwart" owns it') in refused.stderr, refused.stderr[-2000:]
    assert "Set externalSecrets.creationPolicy=Merge" in refused.stderr
    assert "or set secret.name to a new name and point the base release's envFrom secretRef at it" in refused.stderr
    assert not cluster.api.exists(f"/apis/external-secrets.io/v1/namespaces/{namespace}/externalsecrets/stalwart")
    # the advice: Merge writes into the Secret and keeps its other keys
    merged = h.install(RELEASE, PLATFORM.path, namespace, extra=(*ES, "--set", "externalSecrets.creationPolicy=Merge"))
    assert merged.returncode == 0, merged.stderr[-4000:]
    assert release_status(h.status(RELEASE, namespace)) == "deployed"
    es = cluster.api.get(f"/apis/external-secrets.io/v1/namespaces/{namespace}/externalsecrets/stalwart")
    assert es["spec"]["target"]["creationPolicy"] == "Merge"
    assert secret_data(cluster.api, namespace, "stalwart") == before


def test_hand_made_admin_secret_is_refused(cluster, namespace) -> None:
    h = cluster.helm("helm4")
    hand_made(cluster, namespace, "stalwart-recovery-admin")
    refused = h.install(RELEASE, PLATFORM.path, namespace, extra=(*ES, *ADMIN))
    assert refused.returncode != 0
    assert ('externalSecrets.adminSecret.creationPolicy: Secret "stalwart-recovery-admin" already exists'
            in refused.stderr), refused.stderr[-2000:]
    assert "set externalSecrets.adminSecret.name to a new name" in refused.stderr
    # README: Merge cannot turn a hand-made Opaque admin Secret into the basic-auth type the template sets
    with pytest.raises(ApiError) as immutable:
        cluster.api.merge_patch(f"/api/v1/namespaces/{namespace}/secrets/stalwart-recovery-admin",
                                {"type": "kubernetes.io/basic-auth"})
    assert immutable.value.status == 422 and "field is immutable" in immutable.value.body


def test_secret_owned_by_its_external_secret_passes_an_upgrade(cluster, namespace) -> None:
    h = cluster.helm("helm4")
    assert h.install(RELEASE, PLATFORM.path, namespace, extra=ES).returncode == 0
    es = cluster.api.get(f"/apis/external-secrets.io/v1/namespaces/{namespace}/externalsecrets/stalwart")
    owner = {"apiVersion": "external-secrets.io/v1", "kind": "ExternalSecret", "name": "stalwart",
             "uid": es["metadata"]["uid"], "controller": True, "blockOwnerDeletion": True}
    hand_made(cluster, namespace, "stalwart", owner)  # what External Secrets writes with Owner
    upgrade = h.upgrade(RELEASE, PLATFORM.path, namespace, extra=ES)
    assert upgrade.returncode == 0, upgrade.stderr[-4000:]
    # the control: an owner of another name is not this ExternalSecret, and the upgrade is refused
    cluster.api.merge_patch(f"/api/v1/namespaces/{namespace}/secrets/stalwart",
                            {"metadata": {"ownerReferences": [{**owner, "name": "other"}]}})
    refused = h.upgrade(RELEASE, PLATFORM.path, namespace, extra=ES)
    assert refused.returncode != 0 and 'no ExternalSecret "stalwart" owns it' in refused.stderr
