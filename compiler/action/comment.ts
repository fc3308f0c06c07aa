// The one sticky PR comment: found by a hidden marker on its first line and updated in place, so a
// pull request has one fedc comment however often the workflow runs. GitHub's REST API with fetch.

/** First line of fedc's comment: invisible in the rendered comment, and how the next run finds it. */
export const COMMENT_MARKER = "<!-- fedc-diff -->";

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

async function findComment(target: CommentTarget): Promise<IssueComment | undefined> {
  let url: string | undefined = `${target.apiUrl}/repos/${target.repository}/issues/${target.issue}/comments?per_page=100`;
  for (let page = 0; url && page < MAX_PAGES; page++) {
    const res = await request(target, "GET", url);
    const comments = (await res.json()) as IssueComment[];
    const found = comments.find((c) => typeof c.body === "string" && c.body.startsWith(COMMENT_MARKER));
    if (found) return found;
    url = nextPage(res.headers.get("link"));
  }
  return undefined;
}

/** Updates fedc's comment on the pull request, or creates it; `body` must start with the marker. */
export async function upsertComment(target: CommentTarget, body: string): Promise<CommentResult> {
  const existing = await findComment(target);
  if (existing?.body === body) return { action: "unchanged", url: existing.html_url };
  const res = existing
    ? await request(target, "PATCH", `${target.apiUrl}/repos/${target.repository}/issues/comments/${existing.id}`, { body })
    : await request(target, "POST", `${target.apiUrl}/repos/${target.repository}/issues/${target.issue}/comments`, { body });
  const comment = (await res.json()) as IssueComment;
  return { action: existing ? "updated" : "created", url: comment.html_url };
}
