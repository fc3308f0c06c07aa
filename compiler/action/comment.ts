// The one sticky PR comment per fleet directory: found by a hidden marker on its first line that
// names the directory, written by the token's own identity, and updated in place, so a pull request
// has one fedc comment per fleet however often the workflow runs, and fedc never edits a comment
// someone else wrote (a reviewer quoting the marker, another bot). GitHub's REST API with fetch.

/** First line of the comment for the fleet at the workspace root (the first release's marker, kept so an upgrade edits the same comment). */
export const COMMENT_MARKER = "<!-- fedc-diff -->";

/**
 * First line of fedc's comment for the fleet `directory` (relative to the workspace, forward
 * slashes): invisible in the rendered comment, and how the next run finds it. Two fleets in one
 * repository get two comments. encodeURI keeps `-->` and spaces out of the HTML comment.
 */
export function commentMarker(directory: string): string {
  const dir = directory.replace(/^\.\/+/, "").replace(/\/+$/, "");
  return dir === "" || dir === "." ? COMMENT_MARKER : `<!-- fedc-diff ${encodeURI(dir)} -->`;
}

/** The login of the token's identity when GitHub tells it, as issue comments name their author. */
export const GITHUB_TOKEN_LOGIN = "github-actions[bot]";

/** GitHub's limit on an issue comment's body. */
export const COMMENT_LIMIT = 65_536;

/** At 100 comments a page: stops a misbehaving server from paging forever. */
const MAX_PAGES = 100;

export class GitHubApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface CommentTarget {
  /** $GITHUB_API_URL, e.g. https://api.github.com. */
  apiUrl: string;
  token: string;
  /** "owner/name". */
  repository: string;
  issue: number;
}

export type CommentResult = { action: "created" | "updated" | "unchanged"; url?: string };

interface IssueComment {
  id: number;
  body?: string;
  html_url?: string;
  user?: { login?: string; type?: string } | null;
}

async function request(target: CommentTarget, method: string, url: string, body?: unknown): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: {
        accept: "application/vnd.github+json",
        authorization: `Bearer ${target.token}`,
        "user-agent": "fedc-action",
        "x-github-api-version": "2022-11-28",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (e) {
    throw new GitHubApiError(0, `${method} ${new URL(url).pathname}: ${(e as Error).message}`);
  }
  if (!res.ok) {
    const text = await res.text().catch(() => "");
    let message = res.statusText;
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? message;
    } catch {
      // not JSON: keep the status text
    }
    throw new GitHubApiError(res.status, `${method} ${new URL(url).pathname}: ${res.status} ${message}`);
  }
  return res;
}

/** The `rel="next"` URL of a Link header. */
export function nextPage(link: string | null): string | undefined {
  for (const part of (link ?? "").split(",")) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (m) return m[1];
  }
  return undefined;
}

/**
 * The logins a comment written with this token has. GET /user names a user token's owner; an
 * installation token (GITHUB_TOKEN, a GitHub App's) gets 403 there, and GraphQL's `viewer` names the
 * app ("github-actions"), whose comments REST lists as "<app>[bot]". When neither answers, the token
 * is taken for GITHUB_TOKEN, whose comments are "github-actions[bot]"'s (sticky-comment actions such as
 * marocchino/sticky-pull-request-comment match the author the same way, through `viewer`).
 */
export async function tokenLogins(target: CommentTarget): Promise<string[]> {
  try {
    const user = (await (await request(target, "GET", `${target.apiUrl}/user`)).json()) as { login?: unknown };
    if (typeof user.login === "string" && user.login) return [user.login];
  } catch (e) {
    if (!(e instanceof GitHubApiError)) throw e;
  }
  try {
    const res = await request(target, "POST", `${target.apiUrl}/graphql`, { query: "query { viewer { login } }" });
    const login = ((await res.json()) as { data?: { viewer?: { login?: unknown } } }).data?.viewer?.login;
    if (typeof login === "string" && login) return login.endsWith("[bot]") ? [login] : [login, `${login}[bot]`];
  } catch (e) {
    if (!(e instanceof GitHubApiError)) throw e;
  }
  return [GITHUB_TOKEN_LOGIN];
}

async function findComment(target: CommentTarget, marker: string, logins: readonly string[]): Promise<IssueComment | undefined> {
  let url: string | undefined = `${target.apiUrl}/repos/${target.repository}/issues/${target.issue}/comments?per_page=100`;
  for (let page = 0; url && page < MAX_PAGES; page++) {
    const res = await request(target, "GET", url);
    const comments = (await res.json()) as IssueComment[];
    const found = comments.find(
      (c) => typeof c.body === "string" && c.body.split("\n", 1)[0]!.trimEnd() === marker && typeof c.user?.login === "string" && logins.includes(c.user.login),
    );
    if (found) return found;
    url = nextPage(res.headers.get("link"));
  }
  return undefined;
}

/** Updates fedc's comment for the fleet on the pull request, or creates it; `body` starts with `marker`'s line. */
export async function upsertComment(target: CommentTarget, marker: string, body: string): Promise<CommentResult> {
  const existing = await findComment(target, marker, await tokenLogins(target));
  if (existing?.body === body) return { action: "unchanged", url: existing.html_url };
  const res = existing
    ? await request(target, "PATCH", `${target.apiUrl}/repos/${target.repository}/issues/comments/${existing.id}`, { body })
    : await request(target, "POST", `${target.apiUrl}/repos/${target.repository}/issues/${target.issue}/comments`, { body });
  const comment = (await res.json()) as IssueComment;
  return { action: existing ? "updated" : "created", url: comment.html_url };
}
