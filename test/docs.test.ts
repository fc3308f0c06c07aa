// README.md and docs/*.md are read by people who copy from them: every YAML block must parse
// (strictly: no duplicate keys), so a copied example fails on its content, never on its syntax.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { ROOT } from "./support/cli.js";

const pages = ["README.md", ...(await readdir(path.join(ROOT, "docs"))).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)].sort();

/** Every ```yaml block of a page, with its line, indentation removed (blocks inside list items). */
function yamlBlocks(text: string): { line: number; body: string }[] {
  const out: { line: number; body: string }[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```ya?ml\s*$/.exec(lines[i]!);
    if (!open) continue;
    const indent = open[1]!.length;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !/^\s*```\s*$/.test(lines[j]!); j++) body.push(lines[j]!.slice(indent));
    out.push({ line: i + 1, body: body.join("\n") });
    i = j;
  }
  return out;
}

describe("YAML blocks in the documentation parse", () => {
  for (const page of pages) {
    it(page, async () => {
      const blocks = yamlBlocks(await readFile(path.join(ROOT, page), "utf8"));
      const errors: string[] = [];
      for (const b of blocks) {
        for (const doc of parseAllDocuments(b.body, { uniqueKeys: true })) {
          for (const e of doc.errors) errors.push(`${page}:${b.line}: ${e.message.split("\n")[0]}`);
        }
      }
      expect(errors).toEqual([]);
    });
  }

  it("would catch a colon in a plain scalar (the sample workflow's old run: line)", () => {
    const [block] = yamlBlocks('```yaml\n- run: echo "Changed clusters: ${{ x }}"\n```\n');
    expect(parseAllDocuments(block!.body).flatMap((d) => d.errors)).not.toEqual([]);
  });

  it("docs/migrating.md has YAML to copy", async () => {
    expect(yamlBlocks(await readFile(path.join(ROOT, "docs/migrating.md"), "utf8")).length).toBeGreaterThanOrEqual(6);
  });
});
