// The include/exclude globs of fedc.yaml, which a pull request writes. globby (fast-glob) expands
// braces into one pattern per combination before it walks anything, so `{a,b}` repeated 22 times in a
// 130-byte fedc.yaml is 4 million patterns and runs Node out of heap; `..` or a leading `/` makes it
// walk outside the repository. Each pattern is checked here, before any glob library sees it, by
// expanding its braces as braces/micromatch do, stopping at the limit.

/** Bounds on what fedc.yaml's include and exclude may ask for. Real configurations use a handful of short patterns. */
export const GLOB_LIMITS = {
  /** Patterns in include, and in exclude. */
  patterns: 100,
  /** Characters in one pattern. */
  length: 512,
  /** Patterns one pattern may expand to through braces (`{a,b}`, `{1..9}`). */
  expansion: 256,
} as const;

/** Why `pattern` is refused, or undefined when it is fine. */
export function globProblem(pattern: unknown): string | undefined {
  if (typeof pattern !== "string" || pattern === "") return "a pattern must be a non-empty string";
  if (pattern.length > GLOB_LIMITS.length) return `a pattern may have at most ${GLOB_LIMITS.length} characters (this one has ${pattern.length})`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(pattern)) return "a pattern must not contain control characters";
  if (pattern.includes("\\")) return "a pattern must not contain a backslash: separate directories with /, and escapes are not supported";
  if (/[@!+*?]\(/.test(pattern)) return "extended globs (@(…), !(…), +(…), *(…), ?(…)) are not supported: list the patterns instead";
  const expanded = expandBraces(pattern.replace(/^!/, ""), GLOB_LIMITS.expansion);
  if (!expanded) return `a pattern may expand to at most ${GLOB_LIMITS.expansion} patterns through braces ({a,b}, {1..9}); this one expands to more`;
  for (const p of expanded) {
    if (p.startsWith("/") || /^[A-Za-z]:/.test(p) || p.startsWith("~")) return "a pattern must be relative to the repository, not an absolute path";
    if (p.split("/").includes("..")) return 'a pattern must not contain ".." (it would read outside the repository)';
  }
  return undefined;
}

/**
 * `pattern` with its braces expanded, as bash and the braces package do (`a{b,c}` → ab, ac;
 * `{1..3}` → 1, 2, 3; a brace without a comma or range is literal), or undefined when it would give
 * more than `limit` patterns. Work is bounded by the limit: expansion stops at the first pattern
 * over it.
 */
export function expandBraces(pattern: string, limit: number): string[] | undefined {
  const out: string[] = [];
  const visit = (p: string, from: number): boolean => {
    const group = findGroup(p, from);
    if (!group) {
      out.push(p);
      return out.length <= limit;
    }
    const { start, end, alternatives } = group;
    if (!alternatives) return visit(p, start + 1);
    if (alternatives.length > limit) return false;
    for (const alt of alternatives) if (!visit(p.slice(0, start) + alt + p.slice(end + 1), start)) return false;
    return true;
  };
  return visit(pattern, 0) ? out : undefined;
}

/** The first `{…}` at or after `from`: its bounds and alternatives (undefined when the group is literal). */
function findGroup(p: string, from: number): { start: number; end: number; alternatives?: string[] } | undefined {
  const start = p.indexOf("{", from);
  if (start < 0) return undefined;
  let depth = 0;
  const commas: number[] = [];
  for (let i = start; i < p.length; i++) {
    const c = p[i];
    if (c === "{") depth++;
    else if (c === "}" && --depth === 0) {
      const body = p.slice(start + 1, i);
      if (commas.length > 0) {
        const parts: string[] = [];
        let at = start + 1;
        for (const comma of commas) {
          parts.push(p.slice(at, comma));
          at = comma + 1;
        }
        parts.push(p.slice(at, i));
        return { start, end: i, alternatives: parts };
      }
      const range = rangeOf(body);
      return range ? { start, end: i, alternatives: range } : { start, end: i };
    } else if (c === "," && depth === 1) commas.push(i);
  }
  return undefined; // an unclosed brace is literal
}

/** `1..10`, `a..e`, `0..100..5`: the values (sizes beyond any limit give a long array only once, capped). */
function rangeOf(body: string): string[] | undefined {
  const m = /^(-?\d+|[^\d])\.\.(-?\d+|[^\d])(?:\.\.(-?\d+))?$/.exec(body);
  if (!m) return undefined;
  const numeric = /^-?\d+$/.test(m[1]!) && /^-?\d+$/.test(m[2]!);
  const a = numeric ? Number(m[1]) : m[1]!.codePointAt(0)!;
  const b = numeric ? Number(m[2]) : m[2]!.codePointAt(0)!;
  const step = Math.max(1, Math.abs(Number(m[3] ?? 1)) || 1);
  const count = Math.floor(Math.abs(b - a) / step) + 1;
  // A range longer than any limit: one more value than the largest limit says "too many".
  const values: string[] = [];
  for (let i = 0; i < Math.min(count, GLOB_LIMITS.expansion + 1); i++) {
    const v = a + (a <= b ? 1 : -1) * i * step;
    values.push(numeric ? String(v) : String.fromCodePoint(v));
  }
  return values;
}
