// Where `--format github` paths start. Diagnostics name files relative to the fleet directory
// (REPO); GitHub places an annotation by its path from the workspace root, which is the git top
// level of the checkout. So the paths get REPO's place under $GITHUB_WORKSPACE when REPO is inside
// it, else under the nearest directory above REPO that holds `.git` (a plain check for the entry:
// no git process, nothing of the repository's git configuration is read).
import { existsSync } from "node:fs";
import path from "node:path";

/** REPO's path from the workspace root or git top level, forward slashes; "" when REPO is that root or outside both. */
export function annotationPrefix(repo: string, cwd: string, env: NodeJS.ProcessEnv): string {
  const dir = path.resolve(cwd, repo);
  const inside = (root: string): string | undefined => {
    const rel = path.relative(root, dir);
    return rel.startsWith("..") || path.isAbsolute(rel) ? undefined : rel.split(path.sep).join("/");
  };
  if (env.GITHUB_WORKSPACE) {
    const rel = inside(path.resolve(cwd, env.GITHUB_WORKSPACE));
    if (rel !== undefined) return rel;
  }
  for (let d = dir; ; d = path.dirname(d)) {
    if (existsSync(path.join(d, ".git"))) return inside(d) ?? "";
    if (path.dirname(d) === d) return "";
  }
}
