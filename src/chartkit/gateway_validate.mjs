// Validate Gateway API objects with the validators that
// @kubernetes-models/gateway-api generates from the upstream Go types.
// Reads JSON lines (one object each) on stdin, writes one JSON line per
// object: a list of error strings, empty when valid.
import { createInterface } from "node:readline";
import * as v1 from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1";

const kinds = { "gateway.networking.k8s.io/v1": v1 };

function check(obj) {
  const group = kinds[obj.apiVersion];
  const Model = group && group[obj.kind];
  if (!Model) return [`no Gateway API validator for ${obj.apiVersion} ${obj.kind}`];
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
