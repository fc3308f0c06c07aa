// kubernetes-models' TypeScript declarations, read with the TypeScript parser: every definition
// (IoK8s…) as a shape — field names, which are optional, enums (string literal unions), lists,
// maps, references — and where the package's precompiled validator for it is.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/** What a declaration says about a value, before the validators are asked. */
export type Shape =
  | { t: "string" | "number" | "boolean" | "any" }
  | { t: "enum"; values: string[] }
  | { t: "array"; items: Shape }
  | { t: "map"; values: Shape }
  | { t: "object"; props: Prop[] }
  | { t: "ref"; name: string }
  | { t: "union"; members: Shape[] };

export interface Prop {
  name: string;
  optional: boolean;
  shape: Shape;
}

export interface Definition {
  name: string;
  /** An interface (object with known fields) or a type alias. */
  shape: Shape;
  validatorFile?: string;
}

export function listDts(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === "node_modules" || e.name === "_schemas") continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listDts(p));
    else if (e.name.endsWith(".d.ts") && e.name !== "index.d.ts") out.push(p);
  }
  return out.sort();
}

function propertyName(name: ts.PropertyName): string {
  if (ts.isStringLiteral(name) || ts.isIdentifier(name) || ts.isNumericLiteral(name)) return name.text;
  throw new Error(`unexpected property name ${name.getText()}`);
}

/** Reads one declaration file: its definitions, keyed by their kubernetes-models name (IoK8s…). */
export function readDeclarations(file: string, validatorDir: string, defs: Map<string, Definition>): void {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  // `export { IDeploymentSpec as IIoK8sApiAppsV1DeploymentSpec, … }`: local name → definition name.
  const exported = new Map<string, string>();
  for (const st of source.statements) {
    if (ts.isExportDeclaration(st) && st.exportClause && ts.isNamedExports(st.exportClause)) {
      for (const el of st.exportClause.elements) {
        const local = (el.propertyName ?? el.name).text;
        if (el.name.text.startsWith("IIoK8s")) exported.set(local, el.name.text.slice(1));
      }
    }
  }
  const refName = (id: string): string => {
    if (exported.has(id)) return exported.get(id)!;
    if (id.startsWith("IIoK8s")) return id.slice(1);
    throw new Error(`${file}: cannot resolve type ${id}`);
  };
  const shapeOf = (node: ts.TypeNode): Shape => {
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
        return { t: "string" };
      case ts.SyntaxKind.NumberKeyword:
        return { t: "number" };
      case ts.SyntaxKind.BooleanKeyword:
        return { t: "boolean" };
      case ts.SyntaxKind.AnyKeyword:
      case ts.SyntaxKind.UnknownKeyword:
        return { t: "any" };
    }
    if (ts.isParenthesizedTypeNode(node)) return shapeOf(node.type);
    if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) return { t: "enum", values: [node.literal.text] };
    if (ts.isArrayTypeNode(node)) return { t: "array", items: shapeOf(node.elementType) };
    if (ts.isUnionTypeNode(node)) {
      const members = node.types.map(shapeOf);
      if (members.every((m) => m.t === "enum")) return { t: "enum", values: members.flatMap((m) => (m as { values: string[] }).values) };
      return { t: "union", members };
    }
    if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
      const id = node.typeName.text;
      if (id === "Array" && node.typeArguments?.length === 1) return { t: "array", items: shapeOf(node.typeArguments[0]!) };
      return { t: "ref", name: refName(id) };
    }
    if (ts.isTypeLiteralNode(node)) {
      const index = node.members.find(ts.isIndexSignatureDeclaration);
      if (index) return { t: "map", values: shapeOf(index.type) };
      return { t: "object", props: propsOf(node.members) };
    }
    throw new Error(`${file}: unsupported type ${node.getText()}`);
  };
  const propsOf = (members: ts.NodeArray<ts.TypeElement>): Prop[] =>
    members.filter(ts.isPropertySignature).map((m) => ({ name: propertyName(m.name), optional: !!m.questionToken, shape: m.type ? shapeOf(m.type) : { t: "any" } }));
  for (const st of source.statements) {
    const local = (ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) && exported.get(st.name.text);
    if (!local) continue;
    const base = path.join(validatorDir, local);
    const validatorFile = [".mjs", ".js"].map((e) => base + e).find((f) => existsSync(f));
    const shape: Shape = ts.isInterfaceDeclaration(st) ? { t: "object", props: propsOf(st.members) } : shapeOf((st as ts.TypeAliasDeclaration).type);
    defs.set(local, { name: local, shape, validatorFile });
  }
}
