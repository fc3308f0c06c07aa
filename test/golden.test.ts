// Golden cases: fixtures/<case>/input is a small repository, fixtures/<case>/expected the output tree
// plus diagnostics.txt. `UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts` rewrites expected trees
// (refused under CI); review the diff before committing.
import { describe, expect, it } from "vitest";
import { fixtureNames, readExpected, renderFixture, UPDATE, writeExpected } from "./support/golden.js";

const names = await fixtureNames();

describe("golden fixtures", () => {
  it("has fixtures", () => {
    expect(names.length).toBeGreaterThan(0);
  });
  for (const name of names) {
    it(name, async () => {
      const actual = await renderFixture(name);
      if (UPDATE) {
        await writeExpected(name, actual);
        return;
      }
      const expected = await readExpected(name);
      expect([...actual.keys()].sort(), `files of ${name}`).toEqual([...expected.keys()].sort());
      for (const [file, content] of expected) {
        expect(actual.get(file), `${name}/expected/${file}`).toBe(content);
      }
    });
  }
});
