// BENCHMARKS.md from the result files: machine, targets, one table per module, the
// notes each module wrote, then bench/FINDINGS.md (the hand-written analysis).
import type { Figure, ModuleResult } from './report';

/** Sections in the order of the issue that asked for them. */
const SECTIONS = ['notify', 'popup', 'big-mailbox', 'accounts', 'throughput', 'wire', 'bundle'];

export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return '–';
  let text: string;
  if (unit === 'B' || unit === 'req/s' || unit === 'count') text = Math.round(value).toLocaleString('en-US');
  else if (unit === '×') text = value.toFixed(2);
  else if (Math.abs(value) >= 100) text = value.toFixed(0);
  else if (Math.abs(value) >= 10) text = value.toFixed(1);
  else text = value.toFixed(2);
  if (unit === '×') return `${text}×`;
  return unit === 'count' ? text : `${text} ${unit}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function figureRow(f: Figure): string {
  const base = f.baseline ? `${f.baseline.label}: ${formatValue(f.baseline.stat.median, f.unit)} / ${formatValue(f.baseline.stat.p95, f.unit)}` : '';
  const ratio = f.ratio !== undefined ? `${f.ratio < 0.1 ? f.ratio.toPrecision(2) : f.ratio.toFixed(2)}×` : '';
  const target = f.target ? `${f.target.met ? '✅' : '❌'} ${f.target.text}` : '';
  const label = f.note ? `${f.label} (${f.note})` : f.label;
  return `| ${cell(label)} | ${f.stat.n} | ${formatValue(f.stat.median, f.unit)} | ${formatValue(f.stat.p95, f.unit)} | ${cell(base)} | ${ratio} | ${cell(target)} |`;
}

export function renderMarkdown(unordered: ModuleResult[], findings: string): string {
  const rank = (r: ModuleResult) => (SECTIONS.includes(r.module) ? SECTIONS.indexOf(r.module) : SECTIONS.length);
  const results = [...unordered].sort((a, b) => rank(a) - rank(b));
  const out: string[] = [];
  out.push('# Benchmarks');
  out.push('');
  out.push(
    'Measured by `npm run bench` (see `bench/`); this file is regenerated from `bench/results/*.json` on every run — edit `bench/FINDINGS.md` for the analysis at the end. ' +
      'Every figure is the **median** and the **p95** of several runs (n = number of samples); p95 is the bad tail, i.e. the 5th percentile for figures where higher is better (throughput). ' +
      '**Ratio** = median ÷ the baseline\'s median, both measured in the same run. Everything runs on loopback on this one machine: the bench, Dovecot, the bridge and the browsers share its cores.',
  );
  out.push('');

  const latest = [...results].sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
  if (latest) {
    const m = latest.machine;
    out.push('## Machine and versions');
    out.push('');
    out.push('| | |');
    out.push('|---|---|');
    out.push(`| CPU | ${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB RAM |`);
    out.push(`| OS | ${m.os}, Linux ${m.kernel} |`);
    out.push(`| Node | ${m.node} |`);
    out.push(
      `| Browser | ${m.chromium} (headless, playwright-core ${m.packages['playwright-core']})${m.firefox ? `; ${m.firefox} (headless, WebDriver BiDi, puppeteer-core ${m.packages['puppeteer-core']})` : ''} |`,
    );
    out.push(`| IMAP server | Dovecot ${m.dovecot} (throwaway instance, Maildir, TLS on loopback) |`);
    out.push(`| Libraries | ${Object.entries(m.packages).map(([k, v]) => `${k} ${v}`).join(', ')} |`);
    out.push(`| Commit | ${m.commit} |`);
    out.push('');
    out.push('| module | run at (UTC) | took | load avg (start → end, max) |');
    out.push('|---|---|---|---|');
    for (const r of results) {
      const noisy = r.load.max > m.cores * 0.75 ? ' ⚠ busy machine' : '';
      out.push(`| ${r.module}${r.quick ? ' (quick)' : ''} | ${r.startedAt.slice(0, 16).replace('T', ' ')} | ${r.durationS} s | ${r.load.start} → ${r.load.end}, max ${r.load.max}${noisy} |`);
    }
    out.push('');
  }

  const targeted = results.flatMap((r) => r.figures.filter((f) => f.target).map((f) => ({ r, f })));
  if (targeted.length) {
    out.push('## Targets');
    out.push('');
    out.push('| figure | median | p95 | target | |');
    out.push('|---|---|---|---|---|');
    for (const { f } of targeted) {
      out.push(`| ${cell(f.label)} | ${formatValue(f.stat.median, f.unit)} | ${formatValue(f.stat.p95, f.unit)} | ${cell(f.target!.text)} | ${f.target!.met ? '✅ met' : '❌ missed'} |`);
    }
    out.push('');
  }

  for (const r of results) {
    const number = SECTIONS.indexOf(r.module) + 1;
    out.push(`## ${number > 0 ? `${number}. ` : ''}${r.title}`);
    out.push('');
    out.push('| figure | n | median | p95 | baseline (median / p95) | ratio | target |');
    out.push('|---|---|---|---|---|---|---|');
    for (const f of r.figures) out.push(figureRow(f));
    out.push('');
    for (const note of r.notes) out.push(`- ${note}`);
    if (r.notes.length) out.push('');
  }

  if (findings.trim()) {
    out.push(findings.trim());
    out.push('');
  }
  return out.join('\n');
}
