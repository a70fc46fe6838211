import { expect, test, type Page } from '@playwright/test';
import type { TraceResponse } from '../lib/contracts/traces';
import { TracePage } from './pages/TracePage';

/**
 * The trace page with answers the demo cannot give: a 10,000-span trace and a malformed one.
 * The browser gets them from an intercepted /api/traces/{id}; everything else is the real app.
 */
type Span = TraceResponse['trace']['spans'][number];
const TRACE = 'feedfacefeedfacefeedfacefeedface';
const T0 = 1_764_000_000_000_000;

const span = (id: number, parent: number | undefined, extra: Partial<Span> = {}): Span => ({
  traceId: TRACE,
  spanId: id.toString(16).padStart(16, '0'),
  parentSpanId: parent === undefined ? undefined : parent.toString(16).padStart(16, '0'),
  references: [],
  service: `svc-${id % 5}.shop`,
  operation: `op-${id}`,
  startUs: T0 + id * 10,
  durationUs: 100_000 - id,
  kind: 'server',
  error: false,
  attributes: [{ key: 'n', value: id, type: 'int64' }],
  events: [],
  resource: [],
  warnings: [],
  ...extra,
});

async function serveTrace(page: Page, spans: Span[]): Promise<void> {
  await page.route(`**/api/traces/${TRACE}`, (route) =>
    route.fulfill({
      json: {
        trace: { traceId: TRACE, spans, warnings: [] },
        backend: 'Jaeger (api_v3)',
      } satisfies TraceResponse,
    }),
  );
}

test('a 10,000-span trace renders only the rows in view and scrolls to the last span', async ({
  page,
}) => {
  // A chain 4 deep under each of 2,500 children of the root: 10,000 spans.
  const spans = Array.from({ length: 10_000 }, (_, i) =>
    span(i + 1, i === 0 ? undefined : i % 4 === 1 ? 1 : i),
  );
  await serveTrace(page, spans);
  await page.goto(`/traces/${TRACE}`);
  const trace = new TracePage(page);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('svc-1.shop: op-1');
  await expect(page.getByTestId('waterfall')).toHaveAttribute('data-rows', '10000');
  const rendered = await trace.rows.count();
  expect(rendered).toBeGreaterThan(10);
  expect(rendered).toBeLessThan(100);

  await trace.waterfall.evaluate((element) => (element.scrollTop = element.scrollHeight));
  await expect(trace.rows.last()).toContainText('op-10000');
  expect(await trace.rows.count()).toBeLessThan(100);
  // Collapsing the root leaves one row.
  await trace.waterfall.evaluate((element) => (element.scrollTop = 0));
  await trace.rows
    .first()
    .getByRole('button', { name: /^Collapse/ })
    .click();
  await expect(page.getByTestId('waterfall')).toHaveAttribute('data-rows', '1');
});

test('a malformed trace is shown with a warning for each problem, never a crash', async ({
  page,
}, testInfo) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await serveTrace(page, [
    span(1, undefined),
    span(2, 1, { startUs: T0 - 5_000 }), // starts before its parent
    span(3, 0x99), // parent missing
    span(4, 1, { durationUs: 0 }),
    span(4, 1, { operation: 'duplicate' }),
    span(5, 1, {
      error: true,
      statusMessage: 'upstream reset',
      references: [{ type: 'FOLLOWS_FROM', traceId: 'a'.repeat(32), spanId: '0'.repeat(15) + '7' }],
    }),
  ]);
  await page.goto(`/traces/${TRACE}`);
  const trace = new TracePage(page);
  await expect(trace.rows).toHaveCount(6);
  await expect(page.getByRole('status').filter({ hasText: '2 root spans' })).toBeVisible();
  await expect(
    page.getByRole('status').filter({ hasText: 'span id 0000000000000004 is used by 2 spans' }),
  ).toBeVisible();

  await trace.rows.filter({ hasText: 'op-3' }).click();
  await expect(trace.details).toContainText(
    'parent span 0000000000000099 is missing from the trace',
  );
  await trace.rows.filter({ hasText: 'op-2' }).click();
  await expect(trace.details).toContainText(/starts 5\.\d+ ms before its parent \(clock skew\?\)/);
  await trace.rows.filter({ hasText: 'op-4' }).first().click();
  await expect(trace.details).toContainText('zero duration');
  await trace.rows.filter({ hasText: 'op-5' }).click();
  await expect(trace.details).toContainText('Error: upstream reset');
  await expect(trace.details.getByRole('link', { name: 'trace aaaaaaaa' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('malformed-trace.png') });
  expect(errors).toEqual([]);
});

test('an unknown trace says the backend does not have it; a bad id is refused', async ({
  page,
}) => {
  await page.goto('/traces/0123456789abcdef0123456789abcdef');
  await expect(page.getByRole('main').getByRole('alert')).toHaveText(
    'Tracing backend has no trace 0123456789abcdef0123456789abcdef (it may have expired from storage).',
  );
  await page.goto('/traces/not-a-trace');
  await expect(page.getByRole('main').getByRole('alert')).toContainText('is not a trace id');
});
