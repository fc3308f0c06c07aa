// The I/O floor fedc is measured against: parse the same inputs with `yaml`, copy each object for
// every cluster, JSON.stringify it and write the same number of files, with concurrent writes.
// Usage: node bench/floor.mjs <input dir> <outDir> [resource|cluster]
// (cluster: one manifests.yaml per cluster, as fedc's `layout: cluster`).
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseAllDocuments } from "yaml";

const [input, out, layout = "resource"] = process.argv.slice(2);
const files = (await readdir(input)).filter((f) => f.endsWith(".yaml") && f !== "fedc.yaml").sort();
const docs = [];
for (const f of files) for (const d of parseAllDocuments(await readFile(path.join(input, f), "utf8"))) docs.push(d.toJS());
const clusters = docs.filter((d) => d.kind === "KubeFedCluster").map((d) => d.metadata.name);
const resources = docs.filter((d) => d.kind.startsWith("Federated") && d.kind !== "FederatedTypeConfig");
const jobs = [];
for (const c of clusters) {
  await mkdir(path.join(out, c, "bench"), { recursive: true });
  const texts = resources.map((r) => JSON.stringify(structuredClone(r.spec.template ?? {})));
  if (layout === "cluster") jobs.push([path.join(out, c, "manifests.yaml"), texts.join("\n---\n")]);
  else resources.forEach((r, i) => jobs.push([path.join(out, c, "bench", `${r.kind.toLowerCase()}-${r.metadata.name}.yaml`), texts[i]]));
  jobs.push([path.join(out, c, "kustomization.yaml"), JSON.stringify({ resources: layout === "cluster" ? ["manifests.yaml"] : resources.map((r) => r.metadata.name) })]);
}
let next = 0;
await Promise.all(
  Array.from({ length: 16 }, async () => {
    while (next < jobs.length) {
      const [file, content] = jobs[next++];
      await writeFile(file, content);
    }
  }),
);
