/**
 * Chromium for the benchmarks: a page 1,600 × 1,000 that records every long main-thread task
 * (Chromium's Long Tasks API), and the tasks recorded since the last look.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, ensureTools } from './system-deps';

export async function benchBrowser(
  log: (line: string) => void,
): Promise<{ browser: Browser; page: Page }> {
  const executablePath =
    ensureTools([CHROMIUM], { autoInstall: false, log }).chromium ?? '/usr/bin/chromium';
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.addInitScript(() => {
    const tasks: number[] = [];
    Object.assign(window, { benchLongTasks: tasks });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  return { browser, page };
}

/** The longest main-thread task since the last call, ms (0 when none was long). */
export const longestTaskMs = async (page: Page): Promise<number> =>
  Math.round(
    Math.max(
      0,
      ...(await page.evaluate(() =>
        (window as unknown as { benchLongTasks: number[] }).benchLongTasks.splice(0),
      )),
    ),
  );
