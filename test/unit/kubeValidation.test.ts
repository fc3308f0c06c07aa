// The API server's string rules, with its messages (apimachinery's validation_test.go cases).
import { describe, expect, it } from "vitest";
import {
  isConfigMapKey,
  isDns1035Label,
  isDns1123Label,
  isDns1123Subdomain,
  isEnvVarName,
  isLabelValue,
  isPathSegmentName,
  isQualifiedName,
  isValidPortName,
} from "../../compiler/kube/validation.js";
import { nameRule } from "../../compiler/kube/objectNames.js";

describe("names", () => {
  it.each(["a", "ab", "a-b", "0", "a.b.c", "1.2.3.4", "a".repeat(253)])("%s is a DNS-1123 subdomain", (s) => expect(isDns1123Subdomain(s)).toEqual([]));
  it.each(["", "A", "a_b", "-a", "a-", "a..b", ".a", "café", "a".repeat(254)])("%j is not a DNS-1123 subdomain", (s) => expect(isDns1123Subdomain(s)).not.toEqual([]));

  it("a label with dots says so, as Kubernetes does", () => {
    expect(isDns1123Label("a.b")).toEqual(["must not contain dots"]);
  });

  it("a DNS-1035 label starts with a letter; Kubernetes' message keeps its double space", () => {
    expect(isDns1035Label("1abc")).toEqual([
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]);
    expect(isDns1035Label("a".repeat(64))).toEqual(["must be no more than 63 characters"]);
  });

  it("each kind takes its own name rule", () => {
    expect(nameRule("", "Service")("a.b")).not.toEqual([]);
    expect(nameRule("", "ConfigMap")("a.b")).toEqual([]);
    expect(nameRule("", "Namespace")("a.b")).toEqual(["must not contain dots"]);
    expect(nameRule("rbac.authorization.k8s.io", "ClusterRole")("system:Aggregate-To-Admin")).toEqual([]);
    expect(nameRule("rbac.authorization.k8s.io", "ClusterRole")("a/b")).toEqual(["may not contain '/'"]);
    expect(nameRule("batch", "CronJob")("a".repeat(53))).toEqual(["must be no more than 52 characters"]);
    expect(nameRule("example.com", "Widget")("Widget")).not.toEqual([]);
  });

  it("path segment names refuse only '.', '..', '/' and '%'", () => {
    expect(isPathSegmentName("..")).toEqual(["may not be '..'"]);
    expect(isPathSegmentName("a%b/c")).toEqual(["may not contain '/'", "may not contain '%'"]);
  });
});

describe("labels, annotations and finalizers", () => {
  it.each(["a", "A", "a_b", "a.b", "example.com/a", "example.com/A_b.c", "a".repeat(63)])("%s is a qualified name", (s) => expect(isQualifiedName(s)).toEqual([]));
  it.each(["", "a/b/c", "/a", "example.com/", "Example.com/a", "bad key", "-a", "a".repeat(64)])("%j is not a qualified name", (s) => expect(isQualifiedName(s)).not.toEqual([]));

  it("an empty prefix and an empty name part are named", () => {
    expect(isQualifiedName("/a")).toEqual(["prefix part must be non-empty"]);
    expect(isQualifiedName("example.com/")[0]).toBe("name part must be non-empty");
  });

  it.each(["", "a", "A-b_c.d", "a".repeat(63)])("%j is a label value", (s) => expect(isLabelValue(s)).toEqual([]));
  it.each(["has space", "-a", "a-", "a/b", "a".repeat(64)])("%j is not a label value", (s) => expect(isLabelValue(s)).not.toEqual([]));
});

describe("keys, ports and environment variables", () => {
  it.each(["a", ".a", "a..b", "A-b_c.d"])("%s is a data key", (s) => expect(isConfigMapKey(s)).toEqual([]));
  it.each([["", 1], [".", 1], ["..", 1], ["..a", 1], ["a/b", 1], ["a b", 1]] as const)("%j is not a data key", (s, n) => expect(isConfigMapKey(s)).toHaveLength(n));

  it("port names are IANA service names", () => {
    expect(isValidPortName("http")).toEqual([]);
    expect(isValidPortName("8080")).toEqual(["must contain at least one letter (a-z)"]);
    expect(isValidPortName("a--b")).toEqual(["must not contain consecutive hyphens"]);
    expect(isValidPortName("a-very-long-port-name")).toEqual(["must be no more than 15 characters"]);
  });

  it("environment variable names: strict before 1.32, printable ASCII but '=' since", () => {
    expect(isEnvVarName("1A", false)).not.toEqual([]);
    expect(isEnvVarName("1A", true)).toEqual([]);
    expect(isEnvVarName("A=B", true)).toEqual(["a valid environment variable name must consist only of printable ASCII characters other than '='"]);
    expect(isEnvVarName("", true)).toEqual(["environment variable name must be non-empty"]);
  });
});
