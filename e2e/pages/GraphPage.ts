import { expect, type Locator, type Page } from '@playwright/test';

/** The graph page: toolbar, canvas, and the side panel that lists what the canvas shows. */
export class GraphPage {
  constructor(readonly page: Page) {}

  async goto(query = ''): Promise<void> {
    await this.page.goto(`/graph${query ? `?${query}` : ''}`);
  }

  get canvas(): Locator {
    return this.page.getByTestId('graph-canvas');
  }

  get nodeList(): Locator {
    return this.page.getByRole('list', { name: 'Nodes' });
  }

  /** Labels of the nodes listed in the side panel. */
  async nodeLabels(): Promise<string[]> {
    return (await this.nodeList.getByRole('button').allTextContents()).map((t) => t.trim()).sort();
  }

  select(label: string): Locator {
    return this.page.getByRole('combobox', { name: label });
  }

  searchbox(name: 'Find' | 'Hide'): Locator {
    return this.page.getByRole('searchbox', { name });
  }

  get panel(): Locator {
    return this.page.getByRole('complementary', { name: 'Graph details' });
  }

  get alerts(): Locator {
    return this.page.getByRole('main').getByRole('alert');
  }

  /**
   * Waits until the graph shows traffic for all of `labels` (the first scrapes take seconds).
   * A paused graph (`refresh=0`) never asks again by itself, so a miss presses Refresh, as a
   * user would.
   */
  async waitForNodes(labels: string[]): Promise<void> {
    await expect(async () => {
      const shown = await this.nodeLabels();
      if (!labels.every((label) => shown.includes(label)))
        await this.page.getByRole('button', { name: 'Refresh', exact: true }).click();
      expect(shown).toEqual(expect.arrayContaining(labels));
    }).toPass({ timeout: 45_000, intervals: [1_000] });
  }

  /**
   * With a service node selected, polls (pressing Refresh) until the versions it sends to are
   * `expected`: where a routing change sends the traffic, once the window holds only new
   * traffic.
   */
  async expectVersionsReached(service: string, expected: string[], timeout: number): Promise<void> {
    const versions = new RegExp(`^${service} v\\d$`);
    const outbound = () =>
      this.panel
        .getByRole('list')
        .filter({ has: this.page.getByRole('button', { name: versions }) })
        .getByRole('button')
        .allTextContents();
    await expect
      .poll(
        async () => {
          await this.page.getByRole('button', { name: 'Refresh', exact: true }).click();
          return (await outbound()).map((t) => t.trim()).sort();
        },
        { timeout, intervals: [2_000] },
      )
      .toEqual(expected);
  }
}
