import { expect, type Locator, type Page } from '@playwright/test';

/** The routing editor of one service. */
export class RoutingPage {
  constructor(readonly page: Page) {}

  async goto(namespace: string, service: string): Promise<void> {
    await this.page.goto(`/routing/${namespace}/${service}`);
    await expect(this.page.getByRole('heading', { level: 1 })).toContainText(
      `Routing · ${service}`,
    );
  }

  route(index: number): Locator {
    return this.page.getByRole('region', { name: new RegExp(`^Route ${index}:`) });
  }

  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  get preview(): Locator {
    return this.page.getByRole('region', { name: 'Preview' });
  }

  /** Preview, check the dry run passed, apply, and wait for the confirmation. */
  async previewAndApply(): Promise<string> {
    await this.button('Preview').click();
    await expect(this.preview).toContainText(
      'The Kubernetes API accepted every write in a dry run.',
    );
    await this.button('Apply').click();
    const status = this.page
      .getByRole('main')
      .getByRole('status')
      .filter({ hasText: /^Applied|Nothing/ });
    await expect(status).toBeVisible();
    return (await status.textContent()) ?? '';
  }
}
