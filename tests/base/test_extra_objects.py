"""templates/extra-objects.yaml: the operator's own objects, maps or
strings, rendered through tpl with the release's context."""
from __future__ import annotations

from chartkit.rendering.render import find, kinds
from stalwart_charts.base.scenarios import EXTRA_OBJECT_MAP

POLICY = """apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "stalwart.fullname" . }}-smtp
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "stalwart.labels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "stalwart.selectorLabels" . | nindent 6 }}
  policyTypes: [Ingress]
  ingress:
    - ports:
        - port: {{ .Values.containerPorts.smtp }}
"""



def test_none_by_default(r) -> None:
    assert kinds(r()) == kinds(r({"extraObjects": []}))


def test_strings_and_maps_are_rendered_through_tpl(r) -> None:
    objs = r({"extraObjects": [POLICY, EXTRA_OBJECT_MAP]}, release="mx")
    policy = find(objs, "NetworkPolicy")
    assert policy["metadata"]["name"] == "mx-stalwart-smtp"
    assert policy["spec"]["podSelector"]["matchLabels"] == find(objs, "Deployment")["spec"]["selector"]["matchLabels"]
    assert policy["spec"]["ingress"][0]["ports"][0]["port"] == 25
    assert find(objs, "ConfigMap", "mx-hosts")["data"] == {"hosts": "mail.example.com"}


def test_tpl_can_be_turned_off_so_entries_render_verbatim(r) -> None:
    """With extraObjectsPolicy.tpl false nothing in an entry is executed (no
    include, no lookup): template text reaches the object as written."""
    entry = {**EXTRA_OBJECT_MAP, "metadata": {**EXTRA_OBJECT_MAP["metadata"], "name": "hosts",
                                               "namespace": "mail", "labels": {
        **EXTRA_OBJECT_MAP["metadata"]["labels"], "app.kubernetes.io/instance": "stalwart"}}}
    objs = r({"extraObjectsPolicy": {"tpl": False}, "extraObjects": [entry]})
    assert find(objs, "ConfigMap", "hosts")["data"] == {"hosts": '{{ join "," .Values.gateway.hostnames }}'}


def test_cluster_scoped_and_foreign_namespace_objects_render_once_allowed() -> None:
    """The opt-outs of the two refusals (guard rows extra-objects-cluster-scoped
    and -other-namespace) really render the object. Rendered without the
    chart invariants, which require the release's namespace."""
    from chartkit.rendering.render import render, values_with
    from stalwart_charts.base.guards_security import CLUSTER_ADMIN, OTHER_NAMESPACE
    from stalwart_charts.base.scenarios import BASE
    objs = render(values_with(BASE, {"extraObjectsPolicy": {"allowClusterScoped": True, "allowOtherNamespaces": True},
                                     "extraObjects": [CLUSTER_ADMIN, OTHER_NAMESPACE]}))
    assert find(objs, "ClusterRoleBinding", "takeover")["roleRef"]["name"] == "cluster-admin"
    assert find(objs, "ConfigMap", "x")["metadata"]["namespace"] == "kube-system"
