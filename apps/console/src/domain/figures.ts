/*
 * Where a policy's figures come from: `GET /policies/{id}` lists every figure with its source
 * (document and article) or `sample: true` for illustrative ones, so the console marks the figures
 * it shows.
 */

/** A figure of `GET /policies/{id}` (`figures`). */
export interface PolicyFigureView {
  readonly path: string;
  readonly value: number;
  readonly source?: { readonly document: string; readonly article: string };
  readonly sample?: true;
  readonly note?: string;
}

/** How a shown figure is marked: "(mẫu)" for a sample, and the words of its tooltip. */
export interface FigureMark {
  readonly sample: boolean;
  /** "Document, article" for a sourced figure, the note for a sample; undefined when there is neither. */
  readonly tooltip?: string;
}

/**
 * The mark of the figure at `path` (e.g. `appraisal.passMark`); undefined when the policy lists
 * no such figure (an older engine, or a path that is not a figure).
 */
export function figureMark(figures: readonly PolicyFigureView[] | undefined, path: string): FigureMark | undefined {
  const figure = figures?.find((f) => f.path === path);
  if (!figure) return undefined;
  if (figure.source) return { sample: false, tooltip: `${figure.source.document}, ${figure.source.article}` };
  return { sample: figure.sample === true, ...(figure.note ? { tooltip: figure.note } : {}) };
}
