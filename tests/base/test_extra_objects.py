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
