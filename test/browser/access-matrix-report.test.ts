/**
 * The HTML access-matrix report the jest-iam reporter writes, looked at in a real headless
 * browser (Debian's chromium driven by playwright-core): the Rekognition example's scenario
 * cells are recorded as the matchers and scenario runner record them, the reporter writes the
 * page, and the page must show one matrix per principal, cells coloured by decision, and links
 * that open each cell's explanation.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { evaluate } from '../../src/engine/evaluate';
import { recordDecision, resetDecisionRecorder } from '../../src/coverage/record-decision';
import { RUN_DIR_ENV } from '../../src/coverage/run-records';
import JestIamReporter from '../../src/reporter';
import { expandCells, loadScenario } from '../../src/scenario';

const ROOT = path.join(__dirname, '..', '..');
const example = path.join(ROOT, 'examples', 'rekognition-custom-labels');
const scenarioFiles = [path.join(example, 'rekognition-custom-labels.iam.yaml'), path.join(example, 'seed-page-claims.iam.yaml')];

/** The flags the machine's chromium needs: no sandbox as root, and no background network. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** An element's background colour, read in the page (this file's TypeScript has no DOM types). */
const background = (el: unknown): string =>
  (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(el).backgroundColor;

let dir: string;
let browser: BrowserContext;
let page: Page;
let cellCount: number;
let principals: string[];

jest.setTimeout(30_000);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-browser-'));
  resetDecisionRecorder();
  const reporter = new JestIamReporter({ rootDir: dir }, { html: 'iam-report.html', silent: true, githubStepSummary: false });
  reporter.onRunStart();
  const cells = scenarioFiles.flatMap((f) => expandCells(loadScenario(f)));
  cellCount = new Set(cells.map((c) => `${c.principal} ${c.request.action} ${c.request.resource} ${JSON.stringify(c.request.context ?? {})}`)).size;
  principals = [...new Set(cells.map((c) => c.principal))].sort();
  // IAM User Guide, reference_policies_evaluation-logic.md decides each cell; the scenario
  // runner records it under the scenario's principal name.
  for (const cell of cells) recordDecision(evaluate(cell.policySet, cell.request), { principal: cell.principal });
  reporter.onRunComplete(undefined, {});
  resetDecisionRecorder();
  const userDataDir = path.join(dir, 'chromium-profile');
  browser = await chromium.launchPersistentContext(userDataDir, { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  page = browser.pages()[0] ?? (await browser.newPage());
  await page.goto(`file://${path.join(dir, 'iam-report.html')}`);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  delete process.env[RUN_DIR_ENV];
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('HTML access-matrix report of the Rekognition example in headless Chromium (reference_policies_evaluation-logic.md decides each cell)', () => {
  test('one matrix per principal of the scenario, with every recorded cell', async () => {
    const headings = await page.locator('section.principal h2').allTextContents();
    expect(headings).toEqual(principals);
    expect(headings).toEqual(expect.arrayContaining(['custom-labels-admin', 'image-reader', 'inference-client', 'model-manager']));
    // Each principal's matrix is its section: one table per service, folded groups inside it.
    expect(await page.locator('section.principal').count()).toBe(principals.length);
    expect(await page.locator('table.matrix').count()).toBe(await page.locator('section.principal table.matrix').count());
    // Every recorded request is one link, in some cell.
    expect(await page.locator('td.cell a').count()).toBe(cellCount);
    expect(await page.locator('article.explanation').count()).toBe(cellCount);
  });

  test('cells are coloured by decision: green allow, red explicit deny, grey implicit deny', async () => {
    const manager = page.locator('section.principal', { has: page.locator('h2', { hasText: /^model-manager$/ }) });
    const colour = async (selector: string) => page.locator(selector).first().evaluate(background);
    expect(await colour('td.cell.allow')).toBe('rgb(200, 230, 201)');
    expect(await colour('td.cell.explicit-deny')).toBe('rgb(255, 205, 210)');
    expect(await colour('td.cell.implicit-deny')).toBe('rgb(224, 224, 224)');
    // Statement AllResources of the model manager: DescribeProjects on "*" is allowed.
    const row = manager.locator('tr', { has: page.locator('th', { hasText: /^rekognition:DescribeProjects$/ }) }).first();
    expect(await row.locator('td.allow').count()).toBeGreaterThan(0);
  });

  test('a cell links to its explanation, which names the deciding statement', async () => {
    const link = page.locator('td.cell.explicit-deny a:visible').first();
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^#cell-\d+$/);
    await link.click();
    expect(new URL(page.url()).hash).toBe(href);
    const target = page.locator(`article${href}`);
    expect(await target.isVisible()).toBe(true);
    expect(await target.textContent()).toContain('Decision: explicit Deny');
    expect(await target.textContent()).toContain('statement ExplicitDenyCreateProject');
    // The :target style marks the explanation the link opened.
    expect(await target.evaluate(background)).toBe('rgb(227, 242, 253)');
  });
});
