// Ported from Karmada's pkg/util/imageparser/parser_test.go and
// pkg/util/overridemanager/imageoverride_test.go; see reference/karmada.md §5.4.
import { describe, expect, it } from "vitest";
import { imageToString, overrideImage, parseImage, splitHostname, type ImageComponent, type Operator } from "../../compiler/override/karmadaImage.js";
import { imageOps } from "../../compiler/override/karmadaOverriders.js";

const digest = "sha256:50d858e0985ecc7f60418aaf0cc5ab587f42c2570a884095a9e8ccacd0f6545c";

describe("imageparser.Parse", () => {
  const cases: [string, string, string, string, string, string][] = [
    ["simple", "pause", "", "pause", "", ""],
    ["repository", "subpath/imagename:v1.0.0", "", "subpath/imagename", "v1.0.0", ""],
    ["normal", "fictional.registry.example/imagename:v1.0.0", "fictional.registry.example", "imagename", "v1.0.0", ""],
    ["hostname with port", "fictional.registry.example:10443/subpath/imagename:v1.0.0", "fictional.registry.example:10443", "subpath/imagename", "v1.0.0", ""],
    ["digest", `fictional.registry.example:10443/subpath/imagename@${digest}`, "fictional.registry.example:10443", "subpath/imagename", "", digest],
    ["localhost is a registry", "localhost/app:1", "localhost", "app", "1", ""],
    ["no docker.io normalization", "docker.io/library/nginx", "docker.io", "library/nginx", "", ""],
  ];
  for (const [name, image, hostname, repository, tag, dig] of cases) {
    it(`${name}: ${image}`, () => {
      const c = parseImage(image);
      expect(c).toEqual({ hostname, repository, tag, digest: dig });
      if (!("error" in c)) expect(imageToString(c)).toBe(image);
    });
  }
  it("a tag and a digest: only the tag is kept", () => {
    expect(parseImage(`nginx:1.0@${digest}`)).toEqual({ hostname: "", repository: "nginx", tag: "1.0", digest: "" });
  });
  const errors: [string, string][] = [
    ["", "repository name must have at least one component"],
    ["Nginx", "repository name must be lowercase"],
    ["nginx:", "invalid reference format"],
    ["-nginx", "invalid reference format"],
    [`nginx@sha256:${"A".repeat(64)}`, "invalid checksum digest format"],
    [`nginx@sha256:${"a".repeat(63)}`, "invalid checksum digest length"],
    [`nginx@md5:${"a".repeat(32)}`, "unsupported digest algorithm"],
  ];
  for (const [image, error] of errors) it(`rejects ${JSON.stringify(image)}: ${error}`, () => expect(parseImage(image)).toEqual({ error }));
});

describe("SplitHostname (docker's legacy rule)", () => {
  const cases: [string, string, string][] = [
    ["", "", ""],
    ["imagename", "", "imagename"],
    ["subpath/imagename", "", "subpath/imagename"],
    ["fictional.registry.example/subpath/imagename", "fictional.registry.example", "subpath/imagename"],
    ["fictional.registry.example:10443/subpath/imagename", "fictional.registry.example:10443", "subpath/imagename"],
    ["10.10.10.10:10443/subpath/imagename", "10.10.10.10:10443", "subpath/imagename"],
  ];
  for (const [input, hostname, repository] of cases) it(`${JSON.stringify(input)} → ${JSON.stringify(hostname)} + ${JSON.stringify(repository)}`, () => expect(splitHostname(input)).toEqual({ hostname, repository }));
});

describe("overrideImage", () => {
  const base = "fictional.registry.example/imagename:v1.0.0";
  const cases: [ImageComponent, Operator, string, string, string][] = [
    ["Registry", "add", ".test", base, "fictional.registry.example.test/imagename:v1.0.0"],
    ["Registry", "add", "registry.k8s.io", "perl:5.34.0", "registry.k8s.io/perl:5.34.0"],
    ["Registry", "replace", "fictional.registry.us", base, "fictional.registry.us/imagename:v1.0.0"],
    ["Registry", "remove", "fictional.registry.us", base, "imagename:v1.0.0"],
    ["Repository", "add", "/nginx", base, "fictional.registry.example/imagename/nginx:v1.0.0"],
    ["Repository", "replace", "nginx", base, "fictional.registry.example/nginx:v1.0.0"],
    ["Repository", "remove", "nginx", base, "fictional.registry.example/:v1.0.0"],
    ["Tag", "add", "sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c", base, base],
    ["Tag", "replace", "sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c", base, "fictional.registry.example/imagename@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c"],
    ["Tag", "remove", "", base, "fictional.registry.example/imagename"],
    ["Tag", "add", "1.0", "nginx", "nginx:1.0"],
    ["Tag", "replace", "v1.19.0", "gcr.io/kube-apiserver", "gcr.io/kube-apiserver:v1.19.0"],
    ["Tag", "remove", "", `gcr.io/kube-apiserver@${digest}`, "gcr.io/kube-apiserver"],
    ["Tag", "replace", "not a tag!", "nginx:1", "nginx:1"],
  ];
  for (const [component, operator, value, image, want] of cases) {
    it(`${component} ${operator} ${JSON.stringify(value)}: ${image} → ${want}`, () => expect(overrideImage(image, component, operator, value)).toEqual({ image: want }));
  }
  it("an image that does not parse fails the override", () => {
    expect(overrideImage("Nginx", "Tag", "replace", "1")).toEqual({ error: "failed to parse image value(Nginx), error: repository name must be lowercase" });
  });
});

describe("imageOverrider default paths per kind", () => {
  const podSpec = { containers: [{ name: "a", image: "perl:5.34.0" }, { name: "b", image: "registry.k8s.io/nginx-slim:0.8" }], initContainers: [{ name: "i", image: "busybox" }] };
  const over = { component: "Registry" as const, operator: "replace" as const, value: "mirror.example" };
  for (const kind of ["Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Job"]) {
    it(`${kind}: every container under /spec/template/spec, never init containers`, () => {
      expect(imageOps({ kind, spec: { template: { spec: podSpec } } }, over)).toEqual({
        ok: true,
        ops: [
          { op: "replace", path: "/spec/template/spec/containers/0/image", value: "mirror.example/perl:5.34.0" },
          { op: "replace", path: "/spec/template/spec/containers/1/image", value: "mirror.example/nginx-slim:0.8" },
        ],
      });
    });
  }
  it("Pod: /spec/containers", () => {
    expect(imageOps({ kind: "Pod", spec: podSpec }, over)).toMatchObject({ ok: true, ops: [{ path: "/spec/containers/0/image" }, { path: "/spec/containers/1/image" }] });
  });
  it("CronJob (any other kind): no-op without a predicate", () => {
    expect(imageOps({ kind: "CronJob", spec: {} }, over)).toEqual({ ok: true, ops: [] });
  });
  it("a predicate path reaches into a CronJob", () => {
    const cron = { kind: "CronJob", spec: { jobTemplate: { spec: { template: { spec: podSpec } } } } };
    expect(imageOps(cron, { ...over, predicate: { path: "/spec/jobTemplate/spec/template/spec/containers/0/image" } })).toEqual({
      ok: true,
      ops: [{ op: "replace", path: "/spec/jobTemplate/spec/template/spec/containers/0/image", value: "mirror.example/perl:5.34.0" }],
    });
  });
  it("a predicate that does not end at a string fails", () => {
    expect(imageOps({ kind: "Pod", spec: podSpec }, { ...over, predicate: { path: "/spec/containers/0" } })).toMatchObject({ ok: false });
  });
});
