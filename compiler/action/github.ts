// The runner's side of a JavaScript action, as @actions/core implements it, in the few lines fedc
// needs: inputs from INPUT_* variables, outputs and the job summary appended to the files the
// runner names, workflow commands on stdout, the event payload from GITHUB_EVENT_PATH.
import { randomBytes } from "node:crypto";
import { appendFile, readFile } from "node:fs/promises";

export type Env = Readonly<Record<string, string | undefined>>;

export class InputError extends Error {}

/** An input as the runner passes it: INPUT_<NAME>, spaces as underscores, hyphens kept. */
export function getInput(env: Env, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim();
}

/** A boolean input, read as @actions/core reads one (YAML 1.2 core schema booleans). */
export function getBooleanInput(env: Env, name: string, fallback: boolean): boolean {
  const value = getInput(env, name);
  if (value === "") return fallback;
  if (["true", "True", "TRUE"].includes(value)) return true;
  if (["false", "False", "FALSE"].includes(value)) return false;
  throw new InputError(`input "${name}" must be true or false, not "${value}"`);
}

/** Appends `name=value` lines to $GITHUB_OUTPUT (values here are single-line). */
export async function setOutputs(env: Env, outputs: Record<string, string>): Promise<void> {
  const file = env.GITHUB_OUTPUT;
  if (!file) return;
  await appendFile(file, Object.entries(outputs).map(([k, v]) => `${k}=${v.replace(/\r?\n/g, " ")}\n`).join(""));
}

/** Appends markdown to $GITHUB_STEP_SUMMARY; false when the runner gives no summary file. */
export async function appendSummary(env: Env, markdown: string): Promise<boolean> {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return false;
  await appendFile(file, markdown.endsWith("\n") ? markdown : markdown + "\n");
  return true;
}

/** Escapes the message of a workflow command (`::error::message`). */
export function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/**
 * Text from the repository (a diff, a report) for the log, with workflow commands off: the runner
 * reads any line that starts with `::` (after blanks) as a command (`::add-mask::`, `::error::`,
 * `::stop-commands::`), so a manifest line could otherwise forge annotations or hide the log. The
 * token that turns commands back on is random per call, so the text cannot contain it.
 */
export function rawLog(text: string, token = randomBytes(16).toString("hex")): string {
  return `::stop-commands::${token}\n${text.endsWith("\n") || text === "" ? text : text + "\n"}::${token}::\n`;
}

export interface PullRequest {
  number: number;
  baseSha?: string;
  baseRef?: string;
  headRef?: string;
  /** Opened from another repository: on `pull_request` events its token cannot write. */
  fromFork: boolean;
}

export interface ActionEvent {
  name: string;
  /** "owner/name". */
  repository?: string;
  pullRequest?: PullRequest;
}

interface PullRequestPayload {
  number?: number;
  base?: { sha?: string; ref?: string; repo?: { full_name?: string } | null };
  head?: { sha?: string; ref?: string; repo?: { full_name?: string } | null };
}

/** The triggering event from GITHUB_EVENT_NAME / GITHUB_EVENT_PATH (absent file: no pull request). */
export async function readEvent(env: Env): Promise<ActionEvent> {
  const name = env.GITHUB_EVENT_NAME ?? "";
  let payload: { pull_request?: PullRequestPayload; repository?: { full_name?: string } } = {};
  if (env.GITHUB_EVENT_PATH) {
    const text = await readFile(env.GITHUB_EVENT_PATH, "utf8").catch(() => undefined);
    if (text !== undefined) {
      try {
        payload = JSON.parse(text) as typeof payload;
      } catch {
        throw new InputError(`the event payload ${env.GITHUB_EVENT_PATH} is not JSON`);
      }
    }
  }
  const event: ActionEvent = { name, repository: env.GITHUB_REPOSITORY || payload.repository?.full_name };
  const pr = payload.pull_request;
  if (pr && typeof pr.number === "number") {
    const baseRepo = pr.base?.repo?.full_name;
    const headRepo = pr.head?.repo?.full_name;
    event.pullRequest = {
      number: pr.number,
      baseSha: pr.base?.sha,
      baseRef: pr.base?.ref,
      headRef: pr.head?.ref,
      // pull_request_target runs in the base repository with a writable token, whoever opened the PR.
      fromFork: name !== "pull_request_target" && (headRepo === undefined || headRepo !== baseRepo),
    };
  }
  return event;
}

/** The run's page, where the job summary is shown. */
export function runUrl(env: Env): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: id, GITHUB_RUN_ATTEMPT: attempt } = env;
  if (!server || !repo || !id) return undefined;
  return `${server}/${repo}/actions/runs/${id}${attempt && attempt !== "1" ? `/attempts/${attempt}` : ""}`;
}
