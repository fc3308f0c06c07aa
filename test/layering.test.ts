// STYLE.md: a stage imports only model.ts, diagnostics/, kube/ (shared Kubernetes rules) and its own
// folder; only pipeline.ts knows the stage order, and only load/ reads the disk.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./support/cli.js";

const STAGES = ["load", "parse", "normalize", "schedule", "override", "emit", "check"];
const SHARED = ["model.ts", "diagnostics", "kube"];

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await sources(p)));
    else if (e.name.endsWith(".ts")) out.push(p);
  }
  return out;
}

describe("layering", () => {
  it.each(STAGES)("compiler/%s imports only shared modules and itself", async (stage) => {
    const violations: string[] = [];
    for (const file of await sources(path.join(ROOT, "compiler", stage))) {
      const text = await readFile(file, "utf8");
      for (const m of text.matchAll(/from "(\.\.?\/[^"]+)"/g)) {
        const target = path.relative(path.join(ROOT, "compiler"), path.resolve(path.dirname(file), m[1]!));
        const top = target.split(path.sep)[0]!.replace(/\.js$/, ".ts");
        if (top !== stage && !SHARED.includes(top)) violations.push(`${path.relative(ROOT, file)} imports ${m[1]}`);
      }
      if (stage !== "load" && /from "node:fs/.test(text)) violations.push(`${path.relative(ROOT, file)} reads the file system`);
    }
    expect(violations).toEqual([]);
  });
});
