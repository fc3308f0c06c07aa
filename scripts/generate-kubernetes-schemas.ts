// Build step (`npm run build`): the strict Kubernetes JSON Schemas that output validation uses,
// generated from the npm package `kubernetes-models` (one aliased devDependency per Kubernetes
// version, see KUBERNETES_VERSIONS) into schemas/kubernetes/, so validation works offline.
//
// kubernetes-models ships every Kubernetes definition twice: as TypeScript declarations (field names,
// required fields, enums, nesting) and as precompiled ajv validators (integer vs number, formats,
// what an untyped definition accepts). Neither alone is a JSON Schema, and the validators do not
// reject unknown fields. So this script reads the declarations with the TypeScript parser and asks
// the package's own validators what the declarations cannot say (is 0.5 accepted here? is "\u0000%"
// a format error?), then writes one schema per definition with `additionalProperties: false`
// wherever properties are known — kubeconform's "-strict" flavour, plus kubernetes-models' enums.
//
// Next to each bundle it writes the fast validators of every kind, precompiled with ajv's standalone
// code generation using the same ajv configuration as the check stage (compiler/check/schemaSet.ts).
// The bundles are committed (small, reviewable: a diff shows what a Kubernetes upgrade changes); the
// precompiled validators (~2 MB each) are build output, listed in schemas/kubernetes/.gitignore.
//
//   node --import tsx scripts/generate-kubernetes-schemas.ts [--check]   (--check: exit 1 when a committed bundle is stale)
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import standalone from "ajv/dist/standalone/index.js";
import { createAjv, FORMATS, kindRef } from "../compiler/check/schemaSet.js";
import type { KubernetesValidatorsScript } from "../compiler/load/kubernetesSchemas.js";
import { fixtureDocuments, removeCodeCache, writeCodeCache } from "./codeCache.js";
import type { KubernetesSchemaBundle } from "../compiler/kube/kubernetesSchemas.js";
import { listDts, readDeclarations, type Definition } from "./kubernetes-models/declarations.js";
import { definitionSchema, kindsOf, reachable, type JsonSchema } from "./kubernetes-models/toJsonSchema.js";
import { removal } from "./kubernetes-models/removedApis.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const OUT = path.join(ROOT, "schemas", "kubernetes");

/** The versions fedc validates against, each from the kubernetes-models release that tracks it. */
const KUBERNETES_VERSIONS = [
  { minor: "1.27", kubernetes: "1.27.1", alias: "kubernetes-models-1.27" },
  { minor: "1.33", kubernetes: "1.33.0", alias: "kubernetes-models-1.33" },
  { minor: "1.36", kubernetes: "1.36.0", alias: "kubernetes-models-1.36" },
];

function packageDir(name: string, from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", name);
    if (existsSync(path.join(candidate, "package.json"))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`${name} is not installed (run npm install)`);
  }
}

async function generate(v: (typeof KUBERNETES_VERSIONS)[number]) {
  const pkgDir = packageDir(v.alias, ROOT);
  const apimachineryDir = packageDir("@kubernetes-models/apimachinery", pkgDir);
  const pkg = JSON.parse(await readFile(path.join(pkgDir, "package.json"), "utf8")) as { version: string };
  const defs = new Map<string, Definition>();
  for (const [dir] of [[apimachineryDir], [pkgDir]] as const) {
    for (const f of listDts(dir)) readDeclarations(f, path.join(dir, "_schemas"), defs);
  }
  const definitions: Record<string, JsonSchema> = {};
  for (const name of [...defs.keys()].sort()) definitions[name] = await definitionSchema(defs.get(name)!);
  for (const [name, schema] of Object.entries(definitions)) {
    for (const ref of JSON.stringify(schema).matchAll(/"#\/definitions\/([^"]+)"/g)) {
      if (!definitions[ref[1]!]) throw new Error(`${v.minor}: ${name} refers to missing ${ref[1]}`);
    }
  }
  const kinds = kindsOf(defs);
  const removed: Record<string, { removedIn: string; use: string }> = {};
  for (const key of Object.keys(kinds)) {
    const r = removal(key.slice(0, key.lastIndexOf("/")), key.slice(key.lastIndexOf("/") + 1), v.minor);
    if (r) {
      removed[key] = r;
      delete kinds[key];
    }
  }
  return {
    kubernetesVersion: v.kubernetes,
    source: `kubernetes-models@${pkg.version}`,
    kinds,
    removed,
    definitions: reachable(definitions, Object.values(kinds)),
  };
}

// The bundle is plain JSON, read by the load stage (compiler/load/kubernetesSchemas.ts): one line,
// since it is generated, and JSON.parse is the fastest way for V8 to build a large object.
function moduleText(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

/** ajv standalone code for every kind's fast validator, as `export function validators(formats)`. */
function validatorsText(bundle: KubernetesSchemaBundle): string {
  const ajv = createAjv(bundle, "standalone");
  const refs = Object.fromEntries(Object.entries(bundle.kinds).map(([kind, definition]) => [kind, kindRef(definition)]));
  const code = standalone.default(ajv, refs);
  if (/\brequire\(/.test(code)) throw new Error("precompiled validators must not require modules");
  return (
    `// Fast validators of every Kubernetes ${bundle.kubernetesVersion} kind (${bundle.source}), precompiled by ajv.\n` +
    "// Generated by scripts/generate-kubernetes-schemas.ts (npm run build); do not edit.\n" +
    "// A script, not a module: fedc compiles it with its V8 code cache (compiler/load/ownScript.ts).\n" +
    `({ validators: function validators(formats) {\nconst exports = {};\n${code}\nreturn exports;\n} });\n`
  );
}

const check = process.argv.includes("--check");
const expectedManifests = check ? Promise.resolve([]) : fixtureDocuments("expected");
await mkdir(OUT, { recursive: true });
const index: Record<string, { kubernetesVersion: string; source: string; module: string; validators: string }> = {};
let stale = false;
for (const v of KUBERNETES_VERSIONS) {
  const started = Date.now();
  const bundle = await generate(v);
  const file = `kubernetes-${v.minor}.json`;
  const validatorsFile = `kubernetes-${v.minor}.validators.js`;
  index[v.minor] = { kubernetesVersion: bundle.kubernetesVersion, source: bundle.source, module: file, validators: validatorsFile };
  const text = moduleText(bundle);
  const target = path.join(OUT, file);
  if (check) {
    stale ||= !existsSync(target) || readFileSync(target, "utf8") !== text;
  } else {
    await writeFile(target, text);
    const validators = validatorsText(bundle as KubernetesSchemaBundle);
    await removeCodeCache(path.join(OUT, validatorsFile));
    await writeFile(path.join(OUT, validatorsFile), validators);
    // Warm: every kind once, then every manifest of the fixtures' expected output.
    const samples = await expectedManifests;
    const cacheBytes = await writeCodeCache<KubernetesValidatorsScript>(path.join(OUT, validatorsFile), validators, (m) => {
      const fns = m.validators(FORMATS);
      for (const [key, fn] of Object.entries(fns)) fn({ apiVersion: key.slice(0, key.lastIndexOf("/")), kind: key.slice(key.lastIndexOf("/") + 1), metadata: { name: "x" } });
      for (const d of samples) fns[`${String(d.apiVersion)}/${String(d.kind)}`]?.(d);
    });
    const kinds = Object.keys(bundle.kinds).length;
    const defs = Object.keys(bundle.definitions).length;
    console.log(`schemas/kubernetes/${file}: Kubernetes ${bundle.kubernetesVersion} (${bundle.source}), ${kinds} kinds, ${defs} definitions, ${Math.round(text.length / 1024)} KiB, code cache ${Math.round(cacheBytes / 1024)} KiB, ${Date.now() - started} ms`);
  }
}
const indexText = moduleText(index);
if (check) {
  stale ||= readFileSync(path.join(OUT, "index.json"), "utf8") !== indexText;
  if (stale) {
    console.error("schemas/kubernetes/ is out of date: run npm run build");
    process.exit(1);
  }
} else await writeFile(path.join(OUT, "index.json"), indexText);
