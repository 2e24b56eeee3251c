/**
 * The HTML report in a real browser (Debian's Chromium, headless, through playwright-core): every
 * finding is visible, each copy button puts its fix command on the clipboard, no full key is
 * anywhere in the page, and the page asks for nothing but itself. A screenshot is saved in the run
 * (its path is printed).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { diagnose } from '../../src/pipeline/diagnose.js';
import { formatHtml } from '../../src/report/formatters/html.js';
import type { Report } from '../../src/report/report.js';
import { brokenProject } from '../helpers/broken-project.js';
import { browserMissing, launch } from './browser.js';

const missing = browserMissing();
if (missing) console.log(`# SKIP html-browser: ${missing}`);

describe('the HTML report in headless Chromium', { skip: missing }, () => {
  const p = brokenProject('html-browser');
  let report: Report;
  let html = '';
  let server: Server;
  let url = '';
  let file = '';
  let browser: Awaited<ReturnType<typeof launch>>;
  const shots = resolve('dist', 'test-artifacts');

  before(async () => {
    report = await diagnose({ root: p.root, home: p.home, env: p.env, offline: true });
    html = formatHtml(report);
    mkdirSync(shots, { recursive: true });
    file = join(p.dir, 'report.html');
    writeFileSync(file, html);
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/report.html`;
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    server?.close();
    p.cleanup();
  });

  it('shows every finding, draws the chains, holds no full key, loads nothing else (opened from disk)', async () => {
    const page = await browser.context.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`file://${file}`);
    const shot = join(shots, 'html-report.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`# screenshot: ${shot}`);
    assert.deepEqual(requests, [`file://${file}`], 'the page requested nothing but itself');
    assert.deepEqual(errors, [], 'no script error and no CSP violation');
    assert.ok(report.findings.length >= 2);
    const cards = page.locator('article.finding');
    assert.equal(await cards.count(), report.findings.length);
    for (let i = 0; i < report.findings.length; i++) {
      const f = report.findings[i];
      const card = page.locator(`article.finding[data-id="${f?.id}"]`).first();
      await card.scrollIntoViewIfNeeded();
      assert.ok(await card.isVisible(), `${f?.id} is visible`);
      const box = await card.boundingBox();
      assert.ok(box && box.width > 200 && box.height > 40, `${f?.id} has room`);
      assert.ok((await card.innerText()).includes(f?.message.slice(0, 40) ?? '?'), `${f?.id} shows its message`);
      if (f?.fix) assert.ok((await card.innerText()).includes(f.fix.summary.slice(0, 30)), `${f.id} shows its fix`);
    }
    // A chain: boxes in a row left to right, the winner last and marked.
    const chain = page
      .locator('ol.chain')
      .filter({ has: page.locator('[data-status="won"]') })
      .filter({ has: page.locator('[data-status="lost"], [data-status="overridden"]') })
      .first();
    const boxes = chain.locator('.src');
    const n = await boxes.count();
    assert.ok(n >= 2, 'a chain of two sources or more');
    assert.equal(await boxes.nth(n - 1).getAttribute('data-status'), 'won');
    const first = await boxes.nth(0).boundingBox();
    const last = await boxes.nth(n - 1).boundingBox();
    assert.ok(first && last && last.x > first.x, 'drawn left to right');
    assert.ok(await chain.locator('.arrow').first().isVisible(), 'with arrows between the sources');
    // No key in the DOM, nor in what the page shows.
    const dom = (await page.evaluate('document.documentElement.outerHTML')) as string;
    const text = (await page.evaluate('document.body.innerText')) as string;
    for (const k of [p.oldKey, p.newKey]) {
      assert.ok(!dom.includes(k) && !text.includes(k), 'no full key in the DOM');
      assert.ok(!dom.includes(k.slice(20, 60)), 'no long part of a key in the DOM');
      assert.ok(text.includes(`${k.slice(0, 8)}…${k.slice(-4)}`), 'the key appears masked');
    }
    await page.close();
  });

  it('each copy button puts its fix command on the clipboard', async () => {
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
    const page = await browser.context.newPage();
    await page.goto(url);
    const withCommand = report.findings.filter((f) => f.fix?.command);
    assert.ok(withCommand.length >= 1);
    const buttons = page.locator('button.copy');
    assert.equal(await buttons.count(), withCommand.length);
    for (let i = 0; i < withCommand.length; i++) {
      const b = buttons.nth(i);
      await b.scrollIntoViewIfNeeded();
      await page.evaluate("navigator.clipboard.writeText('')");
      await b.click();
      await page.waitForFunction((el) => el?.getAttribute('data-state') === 'copied', await b.elementHandle());
      const copied = (await page.evaluate('navigator.clipboard.readText()')) as string;
      assert.equal(copied, withCommand[i]?.fix?.command);
      assert.equal(await b.innerText(), 'Copied');
    }
    await page.screenshot({ path: join(shots, 'html-report-copied.png') });
    await page.close();
  });
});
