/**
 * An attribution as one self-contained HTML page: per decision, each reform element's share of
 * the difference as a horizontal bar (inline SVG) with its 95% interval as a whisker. Every
 * text from an input file goes through esc().
 */
import { formatDuration } from '../model/duration.js';
import type { Attribution } from '../model/attribution.js';
import { esc, PALETTE } from './svg.js';
import { attributionHeadline, signedDuration } from './attributionText.js';
import { plural } from './plural.js';

const STYLE = 'body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1000px;color:#222;padding:0 1rem}h1{font-size:1.5rem}h2{font-size:1.1rem;margin-top:1.6rem}.meta{color:#555}svg text{font-size:11px;fill:#333}';

function bars(d: Attribution['decisions'][number]): string {
  const rows = d.elements;
  const W = 640, LABEL = 220, ROW = 22, H = rows.length * ROW + 24;
  const ext = Math.max(1e-9, ...rows.flatMap((e) => [Math.abs(e.shapley_s ?? 0), ...(e.ci95_s ?? []).map(Math.abs)]));
  const plot = W - LABEL - 20;
  const x = (v: number) => LABEL + plot / 2 + (v / ext) * (plot / 2);
  const parts = rows.map((e, i) => {
    const v = e.shapley_s ?? 0;
    const y = i * ROW + 4;
    const whisker = e.ci95_s ? `<line x1="${x(e.ci95_s[0]).toFixed(1)}" x2="${x(e.ci95_s[1]).toFixed(1)}" y1="${y + 8}" y2="${y + 8}" stroke="#222"/>` : '';
    return `<text x="${LABEL - 6}" y="${y + 12}" text-anchor="end">${esc(e.element)}</text>`
      + `<rect x="${Math.min(x(0), x(v)).toFixed(1)}" y="${y + 2}" width="${Math.abs(x(v) - x(0)).toFixed(1)}" height="12" fill="${PALETTE[i % PALETTE.length]}"><title>${esc(e.element)}: ${signedDuration(v)}</title></rect>${whisker}`;
  });
  const axis = `<line x1="${x(0)}" x2="${x(0)}" y1="0" y2="${H - 20}" stroke="#999"/><text x="${LABEL}" y="${H - 6}">${signedDuration(-ext)}</text><text x="${W - 20}" y="${H - 6}" text-anchor="end">${signedDuration(ext)}</text>`;
  return `<svg role="img" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${parts.join('')}${axis}</svg>`;
}

export function attributionHtml(a: Attribution): string {
  const h = a.attribution;
  const body = [
    `<h1>${esc(h.scenario.id)}: what in ${esc(h.reformed.id)} changes each decision's time</h1>`,
    `<p class="meta">${esc(h.baseline.id)} → ${esc(h.reformed.id)} · seed ${esc(h.seed)} · ${plural(h.runs, 'run')} · ${h.subsets} subsets</p>`,
    '<h2>Reform elements</h2>',
    `<ul>${a.elements.map((e) => `<li><b>${esc(e.name)}</b>: ${e.changes.map(esc).join(', ')}</li>`).join('')}</ul>`,
  ];
  for (const d of a.decisions) {
    body.push(`<h2>${esc(d.inject)}/${esc(d.decision)}</h2>`);
    if (d.difference_s === null) {
      body.push('<p>Not faced in these runs.</p>');
      continue;
    }
    const ci = d.ci95_s ? ` (95% CI ${signedDuration(d.ci95_s[0])} to ${signedDuration(d.ci95_s[1])})` : '';
    body.push(`<p>${esc(attributionHeadline(d, h))}: ${esc(h.baseline.id)} ${formatDuration(d.baseline_s!)} → ${esc(h.reformed.id)} ${formatDuration(d.reformed_s!)}${ci}.</p>`, bars(d));
    body.push(`<ul>${d.elements.map((e) => `<li>${esc(e.element)}: ${signedDuration(e.shapley_s ?? 0)}${e.ci95_s ? ` (95% CI ${signedDuration(e.ci95_s[0])} to ${signedDuration(e.ci95_s[1])})` : ''}</li>`).join('')}</ul>`);
  }
  body.push(...h.notes.map((n) => `<p class="meta">${esc(n)}</p>`));
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${esc(h.scenario.id)} — c2sim attribution</title><style>${STYLE}</style></head><body>\n${body.join('\n')}\n</body></html>\n`;
}
