// The I/O floor fedc is measured against: parse the same inputs with `yaml`, copy each object for
// every cluster, JSON.stringify it and write the same number of files, with concurrent writes.
// Usage: node bench/floor.mjs <federation.yaml> <outDir>
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseAllDocuments } from "yaml";

const [input, out] = process.argv.slice(2);
const docs = parseAllDocuments(await readFile(input, "utf8")).map((d) => d.toJS());
const clusters = docs.filter((d) => d.kind === "KubeFedCluster").map((d) => d.metadata.name);
const resources = docs.filter((d) => d.kind.startsWith("Federated") && d.kind !== "FederatedTypeConfig");
const jobs = [];
for (const c of clusters) {
  await mkdir(path.join(out, c, "bench"), { recursive: true });
  for (const r of resources) {
    const obj = structuredClone(r.spec.template ?? {});
    jobs.push([path.join(out, c, "bench", `${r.kind.toLowerCase()}-${r.metadata.name}.yaml`), JSON.stringify(obj)]);
  }
  jobs.push([path.join(out, c, "kustomization.yaml"), JSON.stringify({ resources: resources.map((r) => r.metadata.name) })]);
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
