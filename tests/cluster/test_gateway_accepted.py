"""The platform's parent Gateway and its redirect route on a real API server with the
Gateway API v1.6.1 CRDs (CEL rules included): the production example's Gateway is
stored as rendered, and the CEL rule the gateway.listenerName="http" guard
anticipates (listener names unique) is enforced there, so the guard is no
formality. No Gateway implementation runs, so nothing reports `Programmed`."""
from __future__ import annotations

import copy

import pytest

from chartkit.cluster.api import ApiError
from chartkit.cluster.helmops import release_status
from stalwart_charts.charts import PLATFORM

# One xdist worker runs the whole tier (chartkit.cluster.scheduling), on one control plane.
pytestmark = pytest.mark.cluster
ON = ("--set", "gateway.enabled=true", "--set", "gateway.className=eg", "--set", "certificate.enabled=true",
      "--set", "certificate.issuerRef.name=letsencrypt", "--set", "certificate.dnsNames[0]=mail.example.com")
GATEWAYS = "/apis/gateway.networking.k8s.io/v1/namespaces/{ns}/gateways"


def test_gateway_and_redirect_route_are_stored_and_cel_refuses_a_second_http_listener(cluster, namespace) -> None:
    h = cluster.helm("helm4")
    proc = h.install("stalwart-platform", PLATFORM.path, namespace, extra=ON)
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert release_status(h.status("stalwart-platform", namespace)) == "deployed"
    gateway = cluster.api.get(f"{GATEWAYS.format(ns=namespace)}/stalwart-gateway")
    listeners = {li["name"]: li for li in gateway["spec"]["listeners"]}
    assert listeners["https"]["tls"]["certificateRefs"][0]["name"] == "stalwart-tls"
    assert listeners["http"]["allowedRoutes"]["namespaces"] == {"from": "Same"}
    route = cluster.api.get(f"/apis/gateway.networking.k8s.io/v1/namespaces/{namespace}/httproutes/"
                            "stalwart-gateway-https-redirect")
    assert route["spec"]["rules"][0]["filters"][0]["requestRedirect"] == {"scheme": "https", "statusCode": 301}
    # the control: the HTTPS listener renamed "http" beside the redirect listener is refused by the CRD's CEL
    twin = copy.deepcopy(gateway)
    twin["metadata"] = {"name": "twin"}
    twin["spec"]["listeners"][0]["name"] = "http"
    with pytest.raises(ApiError) as refused:
        cluster.api.create(GATEWAYS.format(ns=namespace), twin)
    assert refused.value.status == 422 and "Listener name must be unique within the Gateway" in refused.value.body
