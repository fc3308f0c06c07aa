import { it } from "vitest";
import { stringify } from "yaml";
import { compile, MemoryFileSystem } from "../../compiler/index.js";
import { applyMutations, type Mutation } from "./mutate.js";
import { fixtureRepos } from "./repos.js";
it("repro", async () => {
  const repos = new Map(await fixtureRepos());
  const [name, ms] = JSON.parse(process.env.REPRO!) as [string, Mutation[]];
  const before = repos.get(name)!;
  const m = applyMutations(before, ms);
  for (const f of Object.keys(m)) if (m[f] !== before[f]) console.log("----", f, "\n", m[f]);
  await compile({ repo: new MemoryFileSystem(m) });
});
