/** Every number in a data file is traceable: it cites a source id, or states an assumption. */
import type { DocIssue } from './issue.js';
import { oneOf } from './issue.js';

export function citationIssues(
  item: { source?: string | string[] | undefined; assumption?: string | undefined },
  sources: Record<string, string>,
  path: DocIssue['path'],
): DocIssue[] {
  if (item.source === undefined && item.assumption === undefined) {
    return [{ path, message: 'cites nothing; add source: <id from sources> or assumption: "<what is assumed and why>"' }];
  }
  const ids = item.source === undefined ? [] : Array.isArray(item.source) ? item.source : [item.source];
  return ids
    .filter((s) => !(s in sources))
    .map((s) => ({ path: [...path, 'source'], message: `unknown source "${s}"; ${oneOf(s, Object.keys(sources))} (or add it to sources)` }));
}
