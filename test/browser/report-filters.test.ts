/**
 * The HTML access-matrix page of `jest-iam matrix --format html` in headless Chromium (Debian's
 * chromium, playwright-core): filters by decision, principal and service that need no script,
 * implicit denies and a boundary-wide explicit deny folded into collapsed groups, column headings
 * that tell two `table/Orders` in two regions apart, and an allow under condition that states
 * its condition once. Screenshots go to test-output/browser/ for a reviewer.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { buildAccessMatrix } from '../../src/analysis/access-matrix';
import { parsePolicy } from '../../src/policy/parse-policy';
import { formatMatrix } from '../../src/report/matrix-format';

const OUT = path.join(__dirname, '..', '..', 'test-output', 'browser');
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
const policy = (name: string, statements: object[], policyType: 'identity' | 'boundary' = 'identity') =>
  parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }), { name, policyType });

const east = 'arn:aws:dynamodb:us-east-1:111122223333:table/Orders';
const west = 'arn:aws:dynamodb:eu-west-1:111122223333:table/Orders';
const reports = 'arn:aws:s3:::reports/q1.csv';

let browser: BrowserContext;
let page: Page;
let noScript: Page;

jest.setTimeout(30_000);

beforeAll(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  const app = policy('app.json', [
    { Sid: 'ReadOrdersEast', Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: east },
    // IAM User Guide, reference_policies_condition-keys.md (aws:MultiFactorAuthPresent).
    {
      Sid: 'ReportsWithMfa',
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::reports/*',
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
    },
    { Sid: 'Iam', Effect: 'Allow', Action: 'iam:*', Resource: '*' },
  ]);
  const boundary = policy(
    'boundary.json',
    [
      { Sid: 'Within', Effect: 'Allow', Action: ['dynamodb:*', 's3:*'], Resource: '*' },
      { Sid: 'DenyIam', Effect: 'Deny', Action: 'iam:*', Resource: '*' },
    ],
    'boundary',
  );
  const matrix = buildAccessMatrix(
    [
      { name: 'app-role', set: { identity: [app], boundary } },
      { name: 'reader-role', set: { identity: [policy('reader.json', [{ Sid: 'ReadAll', Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' }])] } },
    ],
    {
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem', 's3:GetObject', 'iam:CreateRole', 'iam:DeleteRole', 'iam:PassRole'],
      resources: [east, west, reports],
    },
  );
  fs.writeFileSync(path.join(OUT, 'report-filters.html'), formatMatrix(matrix, 'html'));
  browser = await chromium.launchPersistentContext(path.join(OUT, 'chromium-profile'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  await page.goto(`file://${path.join(OUT, 'report-filters.html')}`);
  noScript = await (await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS })).newPage({ javaScriptEnabled: false });
  await noScript.goto(`file://${path.join(OUT, 'report-filters.html')}`);
}, 60_000);

afterAll(async () => {
  await noScript?.context().browser()?.close();
  await browser?.close();
  fs.rmSync(path.join(OUT, 'chromium-profile'), { recursive: true, force: true });
});

const visibleRows = (p: Page, action: string) =>
  p.locator('tr:visible', { has: p.locator('th', { hasText: new RegExp(`^${action.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) }).count();

describe('HTML report filters and folds in headless Chromium', () => {
  test('the page has no script and reads the same with JavaScript off', async () => {
    const html = fs.readFileSync(path.join(OUT, 'report-filters.html'), 'utf8');
    expect(html).not.toMatch(/<script|src="http|href="http/i);
    expect(await noScript.locator('section.principal h2').allTextContents()).toEqual(['app-role', 'reader-role']);
    await noScript.locator('#f-p1').uncheck();
    expect(await noScript.locator('section.principal:visible h2').allTextContents()).toEqual(['app-role']);
    await noScript.screenshot({ path: path.join(OUT, 'report-without-javascript.png'), fullPage: true });
  });

  test('two table/Orders in two regions get headings that tell them apart', async () => {
    const headings = await page.locator('section.principal.p0 div.service.s0 table.matrix').first().locator('thead th').allTextContents();
    expect(headings).toEqual(expect.arrayContaining(['dynamodb:eu-west-1:111122223333:table/Orders', 'dynamodb:us-east-1:111122223333:table/Orders']));
    expect(new Set(headings).size).toBe(headings.length);
    await page.screenshot({ path: path.join(OUT, 'report-initial.png'), fullPage: true });
  });

  test('the boundary-wide deny of iam:* is one collapsed group under its reason; implicit denies are collapsed too', async () => {
    const app = page.locator('section.principal.p0');
    const iamFold = app.locator('details.fold.o-explicit-deny');
    expect(await iamFold.count()).toBe(1);
    expect(await iamFold.locator('summary').textContent()).toMatch(
      /^3 actions, 9 cells: explicit Deny \(explicitly denied by permissions boundary boundary\.json, statement DenyIam \(boundary\.json:\d+:\d+\)\)$/,
    );
    expect(await visibleRows(page, 'iam:CreateRole')).toBe(0);
    await iamFold.locator('summary').click();
    expect(await visibleRows(page, 'iam:CreateRole')).toBe(1);
    const implicit = app.locator('details.fold.o-implicit-deny');
    expect(await implicit.count()).toBeGreaterThan(0);
    expect(await implicit.first().getAttribute('open')).toBeNull();
    await page.screenshot({ path: path.join(OUT, 'report-fold-open.png'), fullPage: true });
  });

  test('an allow under condition shows its condition once', async () => {
    const cell = page.locator('section.principal.p0 td.cell.conditional').first();
    expect(await cell.locator('a').count()).toBe(1);
    expect(await cell.locator('.condition').allTextContents()).toEqual([expect.stringContaining('aws:MultiFactorAuthPresent')]);
  });

  test('explanations are folded per principal and decision: implicit denies closed, the rest open; a link opens its group', async () => {
    const groups = page.locator('#explanations details.explanations.p0');
    const summaries = await groups.locator('summary').allTextContents();
    // app-role's 21 cells: GetItem on the east table, s3:GetObject with MFA, iam:* denied by the boundary on 3 resources each, the rest implicit.
    expect(summaries).toEqual([
      'app-role: 1 allow explanation',
      'app-role: 1 allow under condition explanation',
      'app-role: 9 explicit deny explanations',
      'app-role: 10 implicit deny explanations',
    ]);
    const implicit = page.locator('#explanations details.explanations.o-implicit-deny.p0');
    expect(await implicit.getAttribute('open')).toBeNull();
    expect(await page.locator('#explanations details.explanations.o-allow.p0').getAttribute('open')).toBe('');
    const first = implicit.locator('article').first();
    expect(await first.isVisible()).toBe(false);
    // A cell of a folded row group links into the folded explanations: following it opens both.
    const fold = page.locator('section.principal.p0 details.fold.o-implicit-deny').first();
    await fold.locator('summary').click();
    const link = fold.locator('td.cell a').first();
    const href = (await link.getAttribute('href'))!;
    await link.click();
    const target = page.locator(`article${href}`);
    expect(await target.isVisible()).toBe(true);
    expect(await target.textContent()).toContain('Decision: implicit Deny');
    expect(await implicit.getAttribute('open')).toBe('');
    await page.screenshot({ path: path.join(OUT, 'report-explanation-opened.png'), fullPage: true });
    // The decision filter hides the whole group, its summary too.
    await page.locator('#f-implicit-deny').uncheck();
    expect(await implicit.isVisible()).toBe(false);
    await page.locator('#f-implicit-deny').check();
  });

  test('the decision filter hides allows; the service filter hides a service', async () => {
    expect(await page.locator('td.cell.allow:visible').count()).toBeGreaterThan(0);
    await page.locator('#f-allow').uncheck();
    expect(await page.locator('td.cell.allow:visible').count()).toBe(0);
    expect(await page.locator('td.cell.conditional:visible').count()).toBe(1);
    await page.locator('#f-allow').check();
    const s3 = (await page.locator('#filter-service label').allTextContents()).map((t) => t.trim()).indexOf('s3');
    expect(s3).toBeGreaterThan(-1);
    await page.locator(`#f-s${s3}`).uncheck();
    expect(await page.locator('div.service h3:visible', { hasText: /^s3$/ }).count()).toBe(0);
    expect(await page.locator('div.service h3:visible', { hasText: /^dynamodb$/ }).count()).toBe(2);
    await page.screenshot({ path: path.join(OUT, 'report-filtered.png'), fullPage: true });
  });
});

// The report of a snapshot that probed every action of two services: hundreds of grey
// implicit denies made a page hundreds of thousands of pixels tall. Folded, the page is a
// screen or two, and the allowed cells are visible without opening anything.
test('a matrix of 700+ mostly implicitly denied cells opens as a short page with its allows in view', async () => {
  const reader = policy('reader.json', [
    { Sid: 'ReadBucket', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'] },
  ]);
  const matrix = buildAccessMatrix([{ name: 'reader', set: { identity: [reader] } }], {
    actions: ['s3:*', 'dynamodb:*'],
    resources: ['arn:aws:s3:::b', 'arn:aws:s3:::b/k', east],
  });
  expect(matrix.cells.length).toBeGreaterThan(700);
  const file = path.join(OUT, 'report-large.html');
  fs.writeFileSync(file, formatMatrix(matrix, 'html'));
  const big = await browser.newPage();
  try {
    await big.goto(`file://${file}`);
    // Runs in the page; the project compiles without the DOM library, hence the cast.
    const height = await big.evaluate(
      () => (globalThis as unknown as { document: { documentElement: { scrollHeight: number } } }).document.documentElement.scrollHeight,
    );
    expect(height).toBeLessThan(4000);
    const allows = matrix.cells.filter((c) => c.outcome === 'allow').length;
    expect(allows).toBeGreaterThan(0);
    expect(await big.locator('td.cell.allow:visible').count()).toBe(allows);
    await big.screenshot({ path: path.join(OUT, 'report-large.png'), fullPage: true });
  } finally {
    await big.close();
  }
});
