import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, findExecutable } from './lib/system-deps';
const base = process.argv[2] ?? '';
const shots: [string, string][] = JSON.parse(process.argv[3] ?? '[]');
const browser = await chromium.launch({ executablePath: findExecutable(CHROMIUM), args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, baseURL: base });
for (const [name, query] of shots) {
  const t = Date.now();
  await page.goto(`/graph?${query}`);
  await page.locator('[data-testid=graph-canvas][data-layout-state=done]:not([data-nodes="0"])').waitFor({ timeout: 120_000 });
  await page.getByRole('list', { name: 'Contributors, largest first' }).waitFor({ timeout: 60_000 }).catch(() => undefined);
  await page.waitForTimeout(2000);
  await page.screenshot({ path: `/tmp/s23/${name}.png` });
  console.log(name, Date.now() - t, 'ms');
}
await browser.close();
