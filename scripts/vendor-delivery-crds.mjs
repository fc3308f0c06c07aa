// Vendors the CRDs of the GitOps objects `render` writes into <output>/_delivery/ (Argo CD
// Application and ApplicationSet, Flux Kustomization) as test data: each CRD with its served
// versions' openAPIV3Schema, descriptions and the status subtree left out (the tests check specs).
// test/delivery/crds/README.md names the upstream commits.
//
//   node scripts/vendor-delivery-crds.mjs <crd.yaml>...   (argo-cd manifests/crds/, kustomize-controller config/crd/bases/)
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";

const OUT = path.join(import.meta.dirname, "../test/delivery/crds");

function strip(node) {
  if (Array.isArray(node)) return node.map(strip);
  if (node === null || typeof node !== "object") return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) if (k !== "description") out[k] = strip(v);
  return out;
}

for (const file of process.argv.slice(2)) {
  const crd = parse(await readFile(file, "utf8"));
  const versions = crd.spec.versions.filter((v) => v.served).map((v) => {
    const schema = strip(v.schema.openAPIV3Schema);
    if (schema.properties) delete schema.properties.status;
    return { name: v.name, served: v.served, storage: v.storage, schema: { openAPIV3Schema: schema } };
  });
  const out = { apiVersion: crd.apiVersion, kind: crd.kind, metadata: { name: crd.metadata.name }, spec: { group: crd.spec.group, names: crd.spec.names, scope: crd.spec.scope, versions } };
  await writeFile(path.join(OUT, `${crd.metadata.name}.json`), JSON.stringify(out) + "\n");
  console.log(`${crd.metadata.name}: ${versions.map((v) => v.name).join(", ")}`);
}
