import type { Locator, Page } from '@playwright/test';

/** The trace page: summary, waterfall (a tree of spans) and span details. */
export class TracePage {
  constructor(readonly page: Page) {}

  get waterfall(): Locator {
    return this.page.getByRole('tree', { name: /^Spans of trace/ });
  }

  /** The span rows, each labelled by service and operation. */
  get rows(): Locator {
    return this.waterfall.getByRole('treeitem');
  }

  get details(): Locator {
    return this.page.getByRole('complementary', { name: 'Span details' });
  }
}
