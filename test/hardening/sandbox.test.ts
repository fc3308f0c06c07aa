// No network access and no code execution from repository content, by construction: the compiler's
// sources may open sockets, start processes or evaluate code only in the few places listed here,
// each for a reason that is not the repository's content. A new import of node:http, a fetch() in
// a stage, an eval(): this test fails and names the file.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/cli.js";

type Capability = "network" | "process" | "code";

/** Where each capability is allowed (a file, or a folder ending in "/"), and why. */
const ALLOWED: Record<Capability, { where: string; why: string }[]> = {
  network: [{ where: "compiler/action/", why: "the GitHub Action posts its PR comment through the GitHub REST API" }],
  process: [
    { where: "compiler/load/git.ts", why: "fedc diff and the Action read the base revision with the git binary" },
    { where: "compiler/cli/", why: "fedc validate --kubeconform runs the kubeconform binary, when asked to" },
  ],
  code: [
    { where: "compiler/cli/launcher.ts", why: "loads fedc's own CLI bundle (dist/bin/fedc.cjs, beside it) with its V8 code cache, as Node loads a CommonJS module" },
    { where: "compiler/load/ownScript.ts", why: "compiles fedc's own precompiled validators (schemas/**/*.validators.js, written by npm run build) with their V8 code cache, never a path from the repository" },
    { where: "compiler/parse/schemaValidation.ts", why: "imports its own ajv set-up (./inputAjv.js) lazily, only when the input validators were not precompiled" },
  ],
};

/** Modules that give a capability. node:net is allowed only for its pure functions (see below). */
const MODULES: Record<string, Capability> = {
  http: "network", https: "network", http2: "network", net: "network", tls: "network", dgram: "network", dns: "network",
  undici: "network", "node-fetch": "network", axios: "network", ws: "network",
  child_process: "process", cluster: "process", "simple-git": "process", execa: "process",
  vm: "code", worker_threads: "code", inspector: "code", module: "code", repl: "code",
};
const PURE_NET = new Set(["isIP", "isIPv4", "isIPv6"]);

/** Code that gives a capability without an import. */
const PATTERNS: [RegExp, Capability, string][] = [
  [/(?<![\w.$])eval\s*\(/, "code", "eval()"],
  [/(?<![\w.$])(?:new\s+)?Function\s*\(/, "code", "Function()"],
  [/(?<![\w.$])require\s*\(/, "code", "require()"],
  [/(?<![\w.$])import\s*\(/, "code", "dynamic import()"],
  [/process\s*\.\s*(?:binding|dlopen)\b/, "code", "process.binding/dlopen"],
  [/\bset(?:Timeout|Interval)\s*\(\s*["'`]/, "code", "setTimeout(string)"],
  // A call of the global fetch (a method named fetch, declared or called on an object, is not one).
  [/(?<![\w.$]|(?:private|public|protected|async|function)\s+)fetch\s*\(|globalThis\s*\.\s*fetch\b/, "network", "fetch()"],
  [/\b(?:WebSocket|XMLHttpRequest|EventSource)\b/, "network", "a browser network API"],
];

interface Violation {
  file: string;
  capability: Capability;
  what: string;
}

/** What a source file does that needs a capability. */
function scan(file: string, text: string): Violation[] {
  const out: Violation[] = [];
  const imports = [
    ...text.matchAll(/\b(?:import|export)\s+(type\s+)?([^'";]*?)\s*from\s*["']([^"']+)["']/g),
    ...[...text.matchAll(/\bimport\s*["']([^"']+)["']/g)].map((m) => [m[0], undefined, "", m[1]] as const),
  ];
  for (const [, typeOnly, names, specifier] of imports) {
    if (typeOnly) continue;
    const module = specifier!.replace(/^node:/, "").split("/")[0]!;
    const capability = MODULES[module];
    if (!capability) continue;
    if (module === "net") {
      const named = /^\{([^}]*)\}$/.exec(names!.trim());
      const used = named ? named[1]!.split(",").map((n) => n.trim().split(/\s+as\s+/)[0]!).filter(Boolean) : ["*"];
      if (used.every((n) => PURE_NET.has(n))) continue;
    }
    out.push({ file, capability, what: `imports ${specifier}` });
  }
  for (const [re, capability, what] of PATTERNS) if (re.test(text)) out.push({ file, capability, what });
  return out;
}

function allowed(v: Violation): boolean {
  return ALLOWED[v.capability].some((a) => (a.where.endsWith("/") ? v.file.startsWith(a.where) : v.file === a.where));
}

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await sources(p)));
    else if (/\.(ts|js|mjs|cjs)$/.test(e.name)) out.push(p);
  }
  return out;
}

describe("no network access and no code execution from repository content", () => {
  it("compiler/ opens sockets, starts processes and evaluates code only where ALLOWED says", async () => {
    const violations: string[] = [];
    for (const abs of await sources(path.join(ROOT, "compiler"))) {
      const file = path.relative(ROOT, abs).split(path.sep).join("/");
      for (const v of scan(file, await readFile(abs, "utf8"))) if (!allowed(v)) violations.push(`${v.file}: ${v.what} (${v.capability})`);
    }
    expect(violations).toEqual([]);
  });

  it.each([
    ['import http from "node:http";', "network"],
    ['import { request } from "https";', "network"],
    ['import { connect } from "node:net";', "network"],
    ['import * as net from "node:net";', "network"],
    ["const r = await fetch(url);", "network"],
    ['import { spawn } from "node:child_process";', "process"],
    ['import { execFile as run } from "child_process";', "process"],
    ['import { simpleGit } from "simple-git";', "process"],
    ['import vm from "node:vm";', "code"],
    ['import { Worker } from "node:worker_threads";', "code"],
    ["const f = new Function('return 1');", "code"],
    ["eval(text);", "code"],
    ["const m = await import(userPath);", "code"],
    ["setTimeout('alert(1)', 0);", "code"],
  ] as const)("the scanner catches %s", (code, capability) => {
    expect(scan("compiler/schedule/x.ts", code).map((v) => v.capability)).toContain(capability);
  });

  it.each([
    ['import { isIP } from "node:net";'],
    ['import type { Socket } from "node:net";'],
    ["this.fetch(paths);"],
    ["  private fetch(paths: readonly string[]): void {"],
    ["const evaluated = evaluateAffinity(clusters);"],
    ["type F = ValidateFunction;"],
  ])("the scanner lets %s pass (no capability)", (code) => {
    expect(scan("compiler/schedule/x.ts", code)).toEqual([]);
  });
});
