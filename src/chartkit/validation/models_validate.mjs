// Validate custom resources with the validators that the npm
// @kubernetes-models/* packages generate from the upstream Go types:
// Gateway API, External Secrets, prometheus-operator and cert-manager, and
// for the GitOps examples Argo CD and Flux.
// Reads JSON lines (one object each) on stdin, writes one JSON line per
// object: a list of error strings, empty when valid.
import { createInterface } from "node:readline";
import * as gatewayV1 from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1";
import * as externalSecretsV1 from "@kubernetes-models/external-secrets/external-secrets.io/v1";
import * as monitoringV1 from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1";
import * as certManagerV1 from "@kubernetes-models/cert-manager/cert-manager.io/v1";
// GitOps examples (examples/gitops): Argo CD and Flux.
import * as argoV1alpha1 from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1";
import * as fluxHelmV2 from "@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2";
import * as fluxKustomizeV1 from "@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1";
import * as fluxSourceV1 from "@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1";

const kinds = {
  "gateway.networking.k8s.io/v1": gatewayV1,
  "external-secrets.io/v1": externalSecretsV1,
  "monitoring.coreos.com/v1": monitoringV1,
  "cert-manager.io/v1": certManagerV1,
  "argoproj.io/v1alpha1": argoV1alpha1,
  "helm.toolkit.fluxcd.io/v2": fluxHelmV2,
  "kustomize.toolkit.fluxcd.io/v1": fluxKustomizeV1,
  "source.toolkit.fluxcd.io/v1": fluxSourceV1,
};

function check(obj) {
  const group = kinds[obj.apiVersion];
  const Model = group && group[obj.kind];
  if (!Model) return [`no npm model validator for ${obj.apiVersion} ${obj.kind}`];
  try {
    new Model(obj).validate();
    return [];
  } catch (e) {
    if (!e.errors) return [String(e.message || e)];
    return e.errors.map((x) => `${x.instancePath || "/"} ${x.message}${x.params && x.params.allowedValues ? " " + JSON.stringify(x.params.allowedValues) : ""}`);
  }
}

const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of rl) {
  if (!line.trim()) continue;
  let out;
  try { out = check(JSON.parse(line)); } catch (e) { out = [`unreadable input: ${e.message}`]; }
  process.stdout.write(JSON.stringify(out) + "\n");
}
