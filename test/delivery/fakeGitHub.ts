// A local stand-in for the part of GitHub's API the Action uses (issue comments, who the token is),
// on 127.0.0.1: paginated listing with Link headers, create, update, GET /user and GraphQL's viewer
// as GitHub answers them for GITHUB_TOKEN (403; "github-actions") unless told otherwise. It records
// every request.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeComment {
  id: number;
  body: string;
  user: { login: string; type?: string };
  html_url: string;
}

export interface FakeRequest {
  method: string;
  path: string;
  authorization?: string;
  body?: { body?: string; query?: string };
}

export interface FakeGitHub {
  url: string;
  repository: string;
  issue: number;
  comments: FakeComment[];
  requests: FakeRequest[];
  /** Status to answer comment creation and updates with (e.g. 403), instead of doing them. */
  refuseWrites?: number;
  /** The login comments written with the token get (REST's user.login). */
  identity: string;
  /** GET /user answers with this login (a user's token); unset: 403, as for an installation token. */
  userLogin?: string;
  /** GraphQL `viewer { login }`; unset: the query fails. */
  viewerLogin?: string;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  let text = "";
  for await (const chunk of req) text += chunk;
  return text;
}

export async function startFakeGitHub(repository = "acme/fleet", issue = 7, existing = 0): Promise<FakeGitHub> {
  let nextId = 1000;
  const fake: FakeGitHub = {
    url: "",
    repository,
    issue,
    comments: Array.from({ length: existing }, (_, i) => ({
      id: nextId++,
      body: `Looks good to me (${i + 1})`,
      user: { login: "reviewer" },
      html_url: `https://github.com/${repository}/pull/${issue}#issuecomment-${i}`,
    })),
    requests: [],
    identity: "github-actions[bot]",
    viewerLogin: "github-actions",
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const base = `/repos/${repository}`;
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", fake.url);
    const text = await readBody(req);
    const request: FakeRequest = { method: req.method ?? "", path: url.pathname + url.search, authorization: req.headers.authorization };
    if (text) request.body = JSON.parse(text) as { body?: string; query?: string };
    fake.requests.push(request);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== "Bearer test-token") return send(401, { message: "Bad credentials" });
    if (req.method === "GET" && url.pathname === "/user") {
      return fake.userLogin ? send(200, { login: fake.userLogin, type: "User" }) : send(403, { message: "Resource not accessible by integration" });
    }
    if (req.method === "POST" && url.pathname === "/graphql") {
      if (!fake.viewerLogin || !/viewer\s*\{\s*login/.test(request.body?.query ?? "")) return send(403, { message: "Resource not accessible by integration" });
      return send(200, { data: { viewer: { login: fake.viewerLogin } } });
    }
    if (req.method === "GET" && url.pathname === `${base}/issues/${issue}/comments`) {
      const perPage = Number(url.searchParams.get("per_page") ?? 30);
      const page = Number(url.searchParams.get("page") ?? 1);
      const slice = fake.comments.slice((page - 1) * perPage, page * perPage);
      const headers: Record<string, string> = {};
      if (page * perPage < fake.comments.length) {
        headers.link = `<${fake.url}${base}/issues/${issue}/comments?per_page=${perPage}&page=${page + 1}>; rel="next"`;
      }
      return send(200, slice, headers);
    }
    if (req.method === "POST" && url.pathname === `${base}/issues/${issue}/comments`) {
      if (fake.refuseWrites) return send(fake.refuseWrites, { message: "Resource not accessible by integration" });
      const comment = { id: nextId++, body: request.body?.body ?? "", user: { login: fake.identity, type: fake.identity.endsWith("[bot]") ? "Bot" : "User" }, html_url: `https://github.com/${repository}/pull/${issue}#issuecomment-${nextId}` };
      fake.comments.push(comment);
      return send(201, comment);
    }
    const patch = new RegExp(`^${base}/issues/comments/(\\d+)$`).exec(url.pathname);
    if (req.method === "PATCH" && patch) {
      if (fake.refuseWrites) return send(fake.refuseWrites, { message: "Resource not accessible by integration" });
      const comment = fake.comments.find((c) => c.id === Number(patch[1]));
      if (!comment) return send(404, { message: "Not Found" });
      comment.body = request.body?.body ?? "";
      return send(200, comment);
    }
    send(404, { message: "Not Found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
