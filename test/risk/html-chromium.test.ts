// Loads the HTML report in a real headless Chromium and checks the SVG charts were painted.
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
import { sampleReport } from './sample-report.js';
import { countColor, decodePng } from './png.js';

function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_BIN, 'chromium', 'chromium-browser', 'google-chrome'].filter((x): x is string => !!x);
  return candidates.find((c) => spawnSync(c, ['--version'], { stdio: 'ignore' }).status === 0);
}

function chromium(bin: string, dir: string, args: string[], url: string) {
  return spawnSync(bin, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${join(dir, 'profile')}`,
    ...args, url], { encoding: 'utf8', timeout: 90_000 });
}

test('the HTML report renders its SVG charts in headless Chromium', () => {
  const bin = findChromium();
  assert.ok(bin, 'chromium not found: install it (apt-get install -y chromium) or set CHROMIUM_BIN');
  const dir = mkdtempSync(join(tmpdir(), 'kanon-html-'));
  try {
    const page = join(dir, 'report.html');
    writeFileSync(page, renderHtml(sampleReport()));
    const url = pathToFileURL(page).href;

    const dom = chromium(bin!, dir, ['--dump-dom'], url);
    assert.is(dom.status, 0, dom.stderr);
    // the parsed DOM (not just our string) holds the charts with non-zero bars
    assert.match(dom.stdout, /<svg id="chart-histogram" class="chart histogram"/);
    const heights = [...dom.stdout.matchAll(/<rect class="bar after"[^>]*height="([\d.]+)"/g)].map((m) => Number(m[1]));
    assert.ok(heights.filter((h) => h > 0).length >= 3, `after bars: ${heights}`);

    const png = join(dir, 'shot.png');
    const shot = chromium(bin!, dir, [`--screenshot=${png}`, '--window-size=1000,1400', '--hide-scrollbars'], url);
    assert.is(shot.status, 0, shot.stderr);
    const img = decodePng(readFileSync(png));
    // painted pixels in the "after" bar color (#258) and the level bar color (#c73)
    assert.ok(countColor(img, [0x22, 0x55, 0x88]) > 200, 'after bars not painted');
    assert.ok(countColor(img, [0xcc, 0x77, 0x33]) > 200, 'level bars not painted');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
