// The API server's string rules (k8s.io/apimachinery/pkg/util/validation and
// pkg/api/validate/content), with its own messages: each function returns every reason the value is
// rejected, or [] when it is valid. Every check fedc makes of a name, a label, a key or a port name
// comes from here, whatever the dialect, so one rule never has two spellings.

export const DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
export const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?";
const QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const CONFIG_MAP_KEY_FMT = "[-._a-zA-Z0-9]+";
const ENV_VAR_NAME_FMT = "[-._a-zA-Z][-._a-zA-Z0-9]*";

export const DNS1123_LABEL = new RegExp(`^${DNS1123_LABEL_FMT}$`);
export const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
export const DNS1035_LABEL = new RegExp(`^${DNS1035_LABEL_FMT}$`);
export const QUALIFIED_NAME_PART = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
export const LABEL_VALUE = new RegExp(`^${LABEL_VALUE_FMT}$`);
const CONFIG_MAP_KEY = new RegExp(`^${CONFIG_MAP_KEY_FMT}$`);
const ENV_VAR_NAME = new RegExp(`^${ENV_VAR_NAME_FMT}$`);

/** Go's len(): UTF-8 bytes. */
export function byteLength(s: string): number {
  // eslint-disable-next-line no-control-regex
  return /^[\u0000-\u007f]*$/.test(s) ? s.length : Buffer.byteLength(s, "utf8");
}

export function maxLenError(n: number): string {
  return `must be no more than ${n} characters`;
}

export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  // Go's loop writes "'a', " then " or ": Kubernetes' messages have that double space.
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(" or ")}regex used for validation is '${fmt}')`;
}

export const EMPTY_ERROR = "must be non-empty";

const NONE: readonly string[] = Object.freeze([]);

/**
 * Every cluster repeats the same names, keys and labels: each distinct string is judged once per rule.
 * The cache is bounded (a long-lived library process compiles many repositories) and its results are
 * shared, so callers never modify them.
 */
function memo(rule: (value: string) => string[]): (value: string) => readonly string[] {
  let cache = new Map<string, readonly string[]>();
  return (value) => {
    let r = cache.get(value);
    if (r === undefined) {
      const errs = rule(value);
      r = errs.length === 0 ? NONE : Object.freeze(errs);
      if (cache.size >= 50_000) cache = new Map();
      cache.set(value, r);
    }
    return r;
  };
}

function isDns1123LabelUncached(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenError(63));
  if (!DNS1123_LABEL.test(value)) {
    if (DNS1123_SUBDOMAIN.test(value)) errs.push("must not contain dots");
    else
      errs.push(
        regexError(
          "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
          DNS1123_LABEL_FMT,
          "my-name",
          "123-abc",
        ),
      );
  }
  return errs;
}

function isDns1123SubdomainUncached(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 253) errs.push(maxLenError(253));
  if (!DNS1123_SUBDOMAIN.test(value)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN_FMT,
        "example.com",
      ),
    );
  }
  return errs;
}

function isDns1035LabelUncached(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenError(63));
  if (!DNS1035_LABEL.test(value)) {
    errs.push(
      regexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        DNS1035_LABEL_FMT,
        "my-name",
        "abc-123",
      ),
    );
  }
  return errs;
}

const QUALIFIED_NAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** A qualified name (label keys, annotation keys, finalizers): an optional DNS subdomain prefix and '/', then a name part. */
function isQualifiedNameUncached(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split("/");
  let name: string;
  if (parts.length === 1) name = parts[0]!;
  else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) errs.push(`prefix part ${EMPTY_ERROR}`);
    else for (const m of isDns1123SubdomainUncached(prefix)) errs.push(`prefix part ${m}`);
  } else {
    return [
      `a valid label key ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push(`name part ${EMPTY_ERROR}`);
  else if (byteLength(name) > 63) errs.push(`name part ${maxLenError(63)}`);
  if (!QUALIFIED_NAME_PART.test(name)) errs.push(`name part ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")}`);
  return errs;
}

function isLabelValueUncached(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenError(63));
  if (!LABEL_VALUE.test(value)) {
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        LABEL_VALUE_FMT,
        "MyValue",
        "my_value",
        "12345",
      ),
    );
  }
  return errs;
}

function chDirPrefix(value: string): string[] {
  if (value === ".") return ["must not be '.'"];
  if (value === "..") return ["must not be '..'"];
  if (value.startsWith("..")) return ["must not start with '..'"];
  return [];
}

/** ConfigMap and Secret data keys (also projected volume item keys). */
function isConfigMapKeyUncached(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 253) errs.push(maxLenError(253));
  if (!CONFIG_MAP_KEY.test(value)) {
    errs.push(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", CONFIG_MAP_KEY_FMT, "key.name", "KEY_NAME", "key-name"));
  }
  errs.push(...chDirPrefix(value));
  return errs;
}

/** An IANA_SVC_NAME (container and Service target port names). */
function isValidPortNameUncached(port: string): string[] {
  const errs: string[] = [];
  if (byteLength(port) > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(port)) errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (!/[a-z]/.test(port)) errs.push("must contain at least one letter (a-z)");
  if (port.includes("--")) errs.push("must not contain consecutive hyphens");
  if (port.length > 0 && (port.startsWith("-") || port.endsWith("-"))) errs.push("must not begin or end with a hyphen");
  return errs;
}

export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

export function isValidPortNum(port: number): readonly string[] {
  return port >= 1 && port <= 65535 ? NONE : [inclusiveRangeError(1, 65535)];
}

/**
 * Environment variable names. Kubernetes 1.32 made the relaxed rule the default (any printable ASCII
 * but '='; GA in 1.34); before it, a C-like identifier with '-' and '.'.
 */
export function isEnvVarName(value: string, relaxed: boolean): readonly string[] {
  return relaxed ? relaxedEnvVarName(value) : strictEnvVarName(value);
}

const relaxedEnvVarName = memo((value) => {
  const errs: string[] = [];
  if (value.length === 0) errs.push(`environment variable name ${EMPTY_ERROR}`);
  if (/[^\x20-\x7e]|=/.test(value)) errs.push("a valid environment variable name must consist only of printable ASCII characters other than '='");
  return errs;
});

const strictEnvVarName = memo((value) => {
  const errs: string[] = [];
  if (!ENV_VAR_NAME.test(value)) {
    errs.push(
      regexError(
        "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit",
        ENV_VAR_NAME_FMT,
        "my.env-name",
        "MY_ENV.NAME",
        "MyEnvName1",
      ),
    );
  }
  errs.push(...chDirPrefix(value));
  return errs;
});

/** Names of RBAC objects and other path-segment-named kinds: anything but '.', '..', '/' and '%'. */
function isPathSegmentNameUncached(name: string): string[] {
  if (name === "." || name === "..") return [`may not be '${name}'`];
  const errs: string[] = [];
  if (name.includes("/")) errs.push("may not contain '/'");
  if (name.includes("%")) errs.push("may not contain '%'");
  return errs;
}

// The rules as the rest of fedc calls them: cached per distinct string.
export const isDns1123Label = memo(isDns1123LabelUncached);
export const isDns1123Subdomain = memo(isDns1123SubdomainUncached);
export const isDns1035Label = memo(isDns1035LabelUncached);
export const isQualifiedName = memo(isQualifiedNameUncached);
export const isLabelValue = memo(isLabelValueUncached);
export const isConfigMapKey = memo(isConfigMapKeyUncached);
export const isValidPortName = memo(isValidPortNameUncached);
export const isPathSegmentName = memo(isPathSegmentNameUncached);