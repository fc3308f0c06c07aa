// The README is the front door: its diagnostics table must list every code fedc can report, and its
// test command must be the one CI runs. `UPDATE_README=1 npx vitest run test/readme.test.ts`
// regenerates the table from the catalog (refused under CI).
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { CODES } from "../compiler/index.js";
import { ROOT } from "./support/cli.js";

const START = "<!-- diagnostics-table:start -->";
const END = "<!-- diagnostics-table:end -->";

function table(): string {
  const rows = Object.entries(CODES).map(([code, info]) => `| \`${code}\` | ${info.severity} | ${info.summary} |`);
  return ["| Code | Severity | Meaning |", "|---|---|---|", ...rows].join("\n");
}

/** The ```yaml blocks of a markdown file, with the line each starts on. */
export function yamlBlocks(markdown: string): { line: number; text: string }[] {
  const blocks: { line: number; text: string }[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*```ya?ml\s*$/.test(lines[i]!)) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end]!)) end++;
    blocks.push({ line: start + 1, text: lines.slice(start, end).join("\n") });
    i = end;
  }
  return blocks;
}

describe("YAML in the documentation", () => {
  const docs = ["README.md", "docs/dns.md", "docs/karmada.md"];
  it("lists every markdown file under docs/", async () => {
    const { readdir } = await import("node:fs/promises");
    const found = (await readdir(path.join(ROOT, "docs"))).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`);
    expect(docs.slice(1).sort()).toEqual(found.sort());
  });
  it.each(docs)("every yaml block of %s parses", async (file) => {
    const blocks = yamlBlocks(await readFile(path.join(ROOT, file), "utf8"));
    expect(blocks.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const block of blocks) {
      for (const doc of parseAllDocuments(block.text)) {
        for (const e of [...doc.errors, ...doc.warnings]) problems.push(`${file}:${block.line + (e.linePos?.[0]?.line ?? 1) - 1}: ${e.message.split("\n")[0]}`);
      }
    }
    expect(problems).toEqual([]);
  });
  it("catches a colon in a plain scalar (the sample workflow's old run: line)", () => {
    const [block] = yamlBlocks('```yaml\n- run: echo "Changed clusters: ${{ x }}"\n```\n');
    expect(parseAllDocuments(block!.text).flatMap((d) => d.errors)).not.toEqual([]);
  });
});

describe("README", () => {
  it("documents every diagnostic code", async () => {
    const file = path.join(ROOT, "README.md");
    const readme = await readFile(file, "utf8");
    const current = readme.slice(readme.indexOf(START) + START.length, readme.indexOf(END)).trim();
    if (process.env.UPDATE_README === "1" && !process.env.CI) {
      await writeFile(file, readme.replace(current, table()));
      return;
    }
    expect(current).toBe(table());
  });

  it("gives the test command CI runs", async () => {
    const readme = await readFile(path.join(ROOT, "README.md"), "utf8");
    const ci = await readFile(path.join(ROOT, ".ci/run"), "utf8");
    expect(readme).toContain("npm test");
    expect(ci).toMatch(/^npm test$/m);
    expect(readme).toContain("npm ci && npx fedc render examples/quickstart");
  });
});
