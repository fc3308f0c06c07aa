// Karmada's image parsing and rewriting (`pkg/util/imageparser`, `overridemanager/imageoverride.go`):
// distribution/reference grammar (v0.6.0, no docker.io normalization), then docker's legacy
// hostname split. See reference/karmada.md §5.4.

const ALNUM = "[a-z0-9]+";
const SEPARATOR = "(?:[._]|__|[-]+)";
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[(?:[a-fA-F0-9:]+)\\])(?::[0-9]+)?`;
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = "[\\w][\\w.-]{0,127}";
const DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}";
const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const ANCHORED_TAG = new RegExp(`^${TAG}$`);
const ANCHORED_DIGEST = new RegExp(`^${DIGEST}$`);
const NAME_TOTAL_LENGTH_MAX = 255;
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

export interface ImageComponents {
  hostname: string;
  repository: string;
  tag: string;
  digest: string;
}

/** imageparser.Parse; an error message (the Go library's) for what it rejects. */
export function parseImage(image: string): ImageComponents | { error: string } {
  const m = REFERENCE.exec(image);
  if (!m) {
    if (image === "") return { error: "repository name must have at least one component" };
    if (REFERENCE.test(image.toLowerCase())) return { error: "repository name must be lowercase" };
    return { error: "invalid reference format" };
  }
  const name = m[1]!;
  const { hostname, repository } = splitHostname(name);
  if (repository.length > NAME_TOTAL_LENGTH_MAX) return { error: `repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters` };
  const digest = m[3] ?? "";
  if (digest) {
    const problem = digestProblem(digest);
    if (problem) return { error: problem };
  }
  const tag = m[2] ?? "";
  // A reference with both keeps only the tag (Parse takes Tagged before Digested).
  return { hostname, repository, tag, digest: tag ? "" : digest };
}

/** go-digest Validate for the algorithms Karmada links in. */
function digestProblem(digest: string): string | undefined {
  const i = digest.indexOf(":");
  const algorithm = digest.slice(0, i);
  const encoded = digest.slice(i + 1);
  const length = DIGEST_HEX_LENGTH[algorithm];
  if (length === undefined) return "unsupported digest algorithm";
  if (encoded.length !== length) return "invalid checksum digest length";
  if (!/^[a-f0-9]+$/.test(encoded)) return "invalid checksum digest format";
  return undefined;
}

/** Docker's legacy rule: the first segment is a registry only if it has "." or ":" or is "localhost". */
export function splitHostname(name: string): { hostname: string; repository: string } {
  const i = name.indexOf("/");
  if (i < 0) return { hostname: "", repository: name };
  const first = name.slice(0, i);
  if (first.includes(".") || first.includes(":") || first === "localhost") return { hostname: first, repository: name.slice(i + 1) };
  return { hostname: "", repository: name };
}

export function imageToString(c: ImageComponents): string {
  const full = c.hostname === "" ? c.repository : `${c.hostname}/${c.repository}`;
  if (c.tag !== "") return `${full}:${c.tag}`;
  if (c.digest !== "") return `${full}@${c.digest}`;
  return full;
}

function setTagOrDigest(c: ImageComponents, value: string): void {
  if (ANCHORED_TAG.test(value)) {
    c.tag = value;
    c.digest = "";
  } else if (ANCHORED_DIGEST.test(value)) {
    c.digest = value;
    c.tag = "";
  }
}

export type ImageComponent = "Registry" | "Repository" | "Tag";
export type Operator = "add" | "remove" | "replace";

/** overrideImage: string concatenation for add, nothing re-validated; the image is always re-serialized. */
export function overrideImage(image: string, component: ImageComponent, operator: Operator, value: string): { image: string } | { error: string } {
  const parsed = parseImage(image);
  if ("error" in parsed) return { error: `failed to parse image value(${image}), error: ${parsed.error}` };
  const c = { ...parsed };
  switch (component) {
    case "Registry":
      c.hostname = operator === "add" ? c.hostname + value : operator === "replace" ? value : "";
      break;
    case "Repository":
      c.repository = operator === "add" ? c.repository + value : operator === "replace" ? value : "";
      break;
    case "Tag":
      if (operator === "remove") {
        if (c.tag !== "") c.tag = "";
        else c.digest = "";
      } else {
        setTagOrDigest(c, operator === "add" ? (c.tag || c.digest) + value : value);
      }
      break;
  }
  return { image: imageToString(c) };
}
