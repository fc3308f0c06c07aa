// The README is the front door: its diagnostics table must list every code fedc can report, and its
// test command must be the one CI runs. `UPDATE_README=1 npx vitest run test/readme.test.ts`
// regenerates the table from the catalog (refused under CI).
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CODES } from "../compiler/index.js";
import { ROOT } from "./support/cli.js";

const START = "<!-- diagnostics-table:start -->";
const END = "<!-- diagnostics-table:end -->";

function table(): string {
  const rows = Object.entries(CODES).map(([code, info]) => `| \`${code}\` | ${info.severity} | ${info.summary} |`);
  return ["| Code | Severity | Meaning |", "|---|---|---|", ...rows].join("\n");
}

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
