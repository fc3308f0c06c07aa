// SECURITY.md's table of guarantees names, for every guarantee, the tests that hold it. This test
// keeps the table honest: every named test file exists and holds a test of that name, and every row
// names at least one.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./support/cli.js";

interface Row {
  id: string;
  tests: { file: string; name: string }[];
  /** Golden fixtures (`fixtures/<case>`): each is a test of test/golden.test.ts. */
  fixtures: string[];
}

/** The rows of the guarantees table: `| id | guarantee | surfaces | tests |`. */
function rows(markdown: string): Row[] {
  const out: Row[] = [];
  for (const line of markdown.split("\n")) {
    const cells = line.split(/(?<!\\)\|/).map((c) => c.trim());
    if (cells.length < 6 || !/^[A-Z]+\d+$/.test(cells[1]!)) continue;
    const tests: Row["tests"] = [];
    const fixtures = [...cells[4]!.matchAll(/`fixtures\/([a-z0-9-]+)`/g)].map((m) => m[1]!);
    let file = "";
    // A code span with a `test/…` path sets the file; each "quoted" name that follows is a test in it.
    for (const m of cells[4]!.matchAll(/`(test\/[^`]+\.ts)`|"((?:[^"\\]|\\.)+)"/g)) {
      if (m[1]) file = m[1];
      else tests.push({ file, name: m[2]! });
    }
    out.push({ id: cells[1]!, tests, fixtures });
  }
  return out;
}

describe("SECURITY.md", () => {
  it("every guarantee names tests, and every named test exists in its file", async () => {
    const table = rows(await readFile(path.join(ROOT, "SECURITY.md"), "utf8"));
    expect(table.length).toBeGreaterThan(10);
    const missing: string[] = [];
    for (const row of table) {
      if (row.tests.length === 0 && row.fixtures.length === 0) missing.push(`${row.id}: no test named`);
      for (const f of row.fixtures) {
        const expected = await readFile(path.join(ROOT, "fixtures", f, "expected", "diagnostics.txt"), "utf8").catch(() => undefined);
        if (expected === undefined) missing.push(`${row.id}: fixtures/${f} is not a golden fixture`);
      }
      for (const t of row.tests) {
        const text = t.file ? await readFile(path.join(ROOT, t.file), "utf8").catch(() => undefined) : undefined;
        if (text === undefined) missing.push(`${row.id}: ${t.file || "(no file)"} does not exist`);
        else if (!text.includes(t.name)) missing.push(`${row.id}: ${t.file} has no test named "${t.name}"`);
      }
    }
    expect(missing).toEqual([]);
    expect(new Set(table.map((r) => r.id)).size).toBe(table.length);
  });
});
