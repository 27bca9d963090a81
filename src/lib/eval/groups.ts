/**
 * The evaluation folder layout: DIR/<group>/<file>. Every file in one sub-folder is relevant to
 * every other file in it and to nothing else. Pure: works on relative paths with '/' separators.
 */

export interface LabelledFile {
  /** path relative to the evaluation root, '/'-separated */
  readonly path: string;
  /** the group (sub-folder name) it belongs to */
  readonly group: string;
}

export interface Layout {
  /** files that take part, sorted by path so runs are reproducible */
  readonly files: LabelledFile[];
  /** paths that were ignored, with the reason (loose files at the top, hidden files, deeper nesting) */
  readonly ignored: { path: string; reason: string }[];
}

/** Splits relative paths into labelled files; anything that is not exactly `<group>/<file>` is ignored. */
export function layoutFromPaths(paths: readonly string[]): Layout {
  const files: LabelledFile[] = [];
  const ignored: { path: string; reason: string }[] = [];
  for (const path of [...paths].sort()) {
    const parts = path.split('/');
    if (parts.some((p) => p.startsWith('.'))) ignored.push({ path, reason: 'hidden' });
    else if (parts.length === 1) ignored.push({ path, reason: 'not inside a group folder' });
    else if (parts.length > 2) ignored.push({ path, reason: 'nested deeper than DIR/<group>/<file>' });
    else files.push({ path, group: parts[0] });
  }
  return { files, ignored };
}
