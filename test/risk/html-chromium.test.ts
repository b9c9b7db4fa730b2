// Loads the HTML report in a real headless Chromium and checks it by DOM queries run in the
// browser (issue 17): the verdict, the log-scale class-size axis, a labelled chart per QI with
// before/after series, the glossary, the warning for an insensitive column that looks like a
// quasi-identifier — for Adult at k = 5 and for Adult with a policy without quasi-identifiers.
// A screenshot of each page is left under the test's temp dir for a person to look at (its
// path is printed).
// This test FAILS (never skips) when Chromium is missing: CI installs it
// (apt-get install -y chromium), or point CHROMIUM_BIN at a Chrome/Chromium binary.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderHtml } from '../../src/risk/render/html.js';
import { noQuasiReport, policyReport } from './sample-report.js';
import { fixture } from '../helpers/cli.js';
import { countColor, decodePng } from './png.js';

function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_BIN, 'chromium', 'chromium-browser', 'google-chrome'].filter((x): x is string => !!x);
  return candidates.find((c) => spawnSync(c, ['--version'], { stdio: 'ignore' }).status === 0);
}

function chromium(bin: string, dir: string, args: string[], url: string) {
  return spawnSync(
    bin,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--user-data-dir=${join(dir, 'profile')}`,
      ...args,
      url,
    ],
    { encoding: 'utf8', timeout: 90_000 },
  );
}

// Runs in the page (a copy of the report with this script added and the CSP that forbids
// scripts removed): DOM queries and layout, written into the DOM as JSON for --dump-dom.
const PROBE = `<script>
addEventListener('load', () => {
  const q = (s) => document.querySelector(s), qa = (s) => [...document.querySelectorAll(s)];
  const box = (el) => { const r = el.getBoundingClientRect(); return [r.width, r.height]; };
  const hist = q('svg#chart-histogram');
  const ticks = qa('#chart-histogram g.axis.y[data-scale="log"] text.tick');
  const out = {
    status: q('#verdict') && q('#verdict').className,
    headline: q('#verdict .headline') && q('#verdict .headline').textContent,
    verdictFirst: !!q('#verdict') && [...document.body.children].findIndex((e) => e.id === 'verdict') < [...document.body.children].findIndex((e) => e.tagName === 'H2'),
    histogram: hist ? box(hist) : null,
    ticks: ticks.map((t) => [t.textContent, t.getBoundingClientRect().top]),
    qis: qa('svg.chart.distribution').map((s) => ({
      column: s.dataset.column,
      label: s.getAttribute('aria-label'),
      before: qa('svg.chart.distribution[data-column="' + CSS.escape(s.dataset.column) + '"] g.series.before rect.bar').map(box),
      after: qa('svg.chart.distribution[data-column="' + CSS.escape(s.dataset.column) + '"] g.series.after rect.bar').map(box),
      titles: [...s.querySelectorAll('g.series text.title')].map((t) => t.textContent),
      afterLabels: [...s.querySelectorAll('g.series.after text.label')].map((t) => t.textContent),
    })),
    glossary: qa('dl#glossary dt').map((d) => d.textContent),
    glossaryCited: qa('dl#glossary dd cite').length,
    warnings: qa('#warnings li.warning').map((l) => [l.dataset.column || '', l.className, l.textContent]),
    provenance: qa('table#provenance th').map((t) => t.textContent),
    printRules: [...document.styleSheets].flatMap((s) => [...s.cssRules]).filter((r) => r.media && r.media.mediaText === 'print').length,
  };
  const pre = document.createElement('pre'); pre.id = 'probe'; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>`;

interface Probe {
  status: string;
  headline: string;
  verdictFirst: boolean;
  histogram: [number, number] | null;
  ticks: [string, number][];
  glossary: string[];
  glossaryCited: number;
  warnings: [string, string, string][];
  provenance: string[];
  printRules: number;
  qis: { column: string; label: string; before: [number, number][]; after: [number, number][]; titles: string[]; afterLabels: string[] }[];
}

function probe(bin: string, dir: string, html: string, name: string): Probe {
  const page = join(dir, `${name}-probe.html`);
  writeFileSync(page, html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '').replace('</body>', `${PROBE}</body>`));
  const dom = chromium(bin, dir, ['--dump-dom', '--virtual-time-budget=5000'], pathToFileURL(page).href);
  assert.is(dom.status, 0, dom.stderr);
  const m = /<pre id="probe">([^<]*)<\/pre>/.exec(dom.stdout);
  assert.ok(m, 'the probe ran in the page');
  return JSON.parse(
    m![1]!
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&'),
  ) as Probe;
}

/** Screenshot of the report as shipped (its CSP kept), left for a person to look at. */
function screenshot(bin: string, dir: string, html: string, name: string) {
  const page = join(dir, `${name}.html`);
  writeFileSync(page, html);
  const png = join(dir, `${name}.png`);
  const shot = chromium(bin, dir, [`--screenshot=${png}`, '--window-size=1100,2400', '--hide-scrollbars'], pathToFileURL(page).href);
  assert.is(shot.status, 0, shot.stderr);
  console.log(`  screenshot: ${png}`);
  return decodePng(readFileSync(png));
}

const bin = findChromium();
const dir = mkdtempSync(join(tmpdir(), 'kanon-html-'));

test('Adult k=5: verdict first, log-scale class sizes, a before/after chart per QI, glossary (headless Chromium)', async () => {
  assert.ok(bin, 'chromium not found: install it (apt-get install -y chromium) or set CHROMIUM_BIN');
  const { report, gate } = await policyReport(fixture('adult', 'adult.csv'), fixture('adult.policy.json'));
  const html = renderHtml(report, gate ? { gate } : {});
  const p = probe(bin!, dir, html, 'adult-k5');
  assert.is(p.status, 'verdict pass');
  assert.ok(p.verdictFirst, 'the verdict comes before the first section');
  assert.match(p.headline, /shares its quasi-identifiers \(sex, age, .*salary-class\) with at least 4 other records \(k = 5\)/);
  // log axis: decades 1, 10, 100, … equally spaced on screen
  assert.equal(
    p.ticks.map((t) => t[0]),
    ['1', '10', '100', '1,000', '10,000', '100,000'],
  );
  const gaps = p.ticks.slice(1).map((t, i) => p.ticks[i]![1] - t[1]);
  assert.ok(
    gaps.every((g) => g > 10 && Math.abs(g - gaps[0]!) < 0.5),
    `decade spacing ${gaps}`,
  );
  assert.ok(p.histogram && p.histogram[0] > 300 && p.histogram[1] > 150);
  // one chart per QI, both series painted (bars laid out with a size), labelled
  const qis = report.columns.filter((c) => c.role === 'quasi').map((c) => c.name);
  assert.equal(
    p.qis.map((x) => x.column),
    qis,
  );
  for (const x of p.qis) {
    assert.is(x.label, `distribution of ${x.column} before and after`);
    assert.ok(
      x.before.some(([w, h]) => w > 0 && h > 0),
      `${x.column}: before bars painted`,
    );
    assert.ok(
      x.after.some(([w, h]) => w > 0 && h > 0),
      `${x.column}: after bars painted`,
    );
    assert.match(x.titles[0]!, /^before: \d+ values/);
    assert.match(x.titles[1]!, /^after: \d+ labels?, 28,816 released records/);
  }
  assert.equal(p.qis.find((x) => x.column === 'sex')!.afterLabels, ['Male', 'Female']);
  assert.ok(p.glossary.includes('k (smallest class)') && p.glossary.includes('distinct l') && p.glossary.length >= 12);
  assert.is(p.glossaryCited, p.glossary.length, 'every glossary entry cites its source');
  assert.ok(p.provenance.includes('dataset') && p.provenance.includes('policy sha256') && p.provenance.includes('kanon'));
  assert.ok(p.printRules >= 1, 'a print stylesheet');
  assert.equal(p.warnings, [], 'every column is a QI: no warning');
  const img = screenshot(bin!, dir, html, 'adult-k5');
  assert.ok(countColor(img, [0x1f, 0x5f, 0x99]) > 2000, 'after bars painted in the screenshot');
  assert.ok(countColor(img, [0x2a, 0x7a, 0x2a]) > 100, 'the passed verdict bar is painted');
});

test('Adult without quasi-identifiers: nothing measured, said plainly; insensitive QI-looking columns warned (headless Chromium)', async () => {
  assert.ok(bin, 'chromium not found');
  const report = await noQuasiReport(fixture('adult', 'adult.csv'), fixture('adult-drop.policy.json'));
  const html = renderHtml(report);
  const p = probe(bin!, dir, html, 'adult-no-qi');
  assert.is(p.status, 'verdict warn');
  assert.match(p.headline, /nothing was measured against re-identification/);
  assert.is(p.qis.length, 0);
  assert.is(p.histogram, null, 'no class-size chart without quasi-identifiers');
  const warned = p.warnings.filter((w) => w[1] === 'warning').map((w) => w[0]);
  for (const c of ['sex', 'age', 'race', 'marital-status', 'education', 'native-country', 'workclass', 'occupation'])
    assert.ok(warned.includes(c), `${c} warned`);
  assert.ok(p.warnings.some((w) => w[1] === 'warning no-quasi'));
  assert.match(p.warnings.find((w) => w[0] === 'age')![2], /age is released as it is \(role insensitive\) but looks like a quasi-identifier/);
  assert.ok(p.glossary.length >= 12);
  const img = screenshot(bin!, dir, html, 'adult-no-qi');
  assert.ok(countColor(img, [0xc9, 0x8a, 0x00]) > 100, 'the caution verdict bar is painted');
});

test.after(() => {
  // keep the screenshots (and their pages) for a person; the browser profile goes
  rmSync(join(dir, 'profile'), { recursive: true, force: true });
  console.log(`  report pages and screenshots kept in ${dir}`);
});

test.run();
