// The output marker (`<output>/.fedc-output`): says that fedc wrote the directory, whether the last
// render into it completed, and which files it wrote, each with a digest of its content. A marker
// can be committed by anyone, so it grants nothing by itself: fedc deletes a file only when the
// marker lists it with the digest of what the file holds now (a file the marker's author did not
// know, like a developer's untracked notes, is never deleted), and it never overwrites a file that
// the marker does not list.
import { createHash } from "node:crypto";
import { OUTPUT_MARKER } from "../load/index.js";

export const MARKER_FILE = OUTPUT_MARKER;

export interface Marker {
  complete: boolean;
  /** Clusters rendered alone (`render --cluster`) since the last full render: their directories are newer than fedc-plan.json. */
  partial: string[];
  /** Every file fedc wrote (relative to the output directory) → the digests its content may have. */
  files: Map<string, Set<string>>;
}

/** 128 bits of SHA-256: enough to tell fedc's files from others, half the marker's size. */
export function digest(content: string | Buffer): string {
  return createHash("sha256").update(content).digest("hex").slice(0, 32);
}

/** The marker's text: JSON, one file a line (a committed output's marker diffs line by line), keys sorted. */
export function markerText(marker: Marker): string {
  const files = [...marker.files.keys()].sort().map((f) => {
    const d = [...marker.files.get(f)!].sort();
    return `${JSON.stringify(f)}:${JSON.stringify(d.length === 1 ? d[0] : d)}`;
  });
  const partial = marker.partial.length ? `,"partial":${JSON.stringify([...new Set(marker.partial)].sort())}` : "";
  return `{"generator":"fedc","complete":${marker.complete}${partial},"files":{${files.length ? `\n${files.join(",\n")}\n` : ""}}}\n`;
}

/**
 * The marker read back, or undefined when the text is not a marker at all. A marker of an older
 * fedc (no "files") lists nothing: its tree can be rendered again, but files must be removed by hand.
 */
export function parseMarker(text: string): Marker | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!value || typeof value !== "object" || (value as { generator?: unknown }).generator !== "fedc") return undefined;
  const v = value as { complete?: unknown; partial?: unknown; files?: unknown };
  const files = new Map<string, Set<string>>();
  if (v.files && typeof v.files === "object" && !Array.isArray(v.files)) {
    for (const [f, d] of Object.entries(v.files as Record<string, unknown>)) {
      const list = (Array.isArray(d) ? d : [d]).filter((x): x is string => typeof x === "string");
      if (list.length) files.set(f, new Set(list));
    }
  }
  const partial = Array.isArray(v.partial) ? v.partial.filter((x): x is string => typeof x === "string") : [];
  return { complete: v.complete === true, partial, files };
}
