import type { Locator, Page } from '@playwright/test';

/** The Overview page: backend readiness cards and per-namespace workload tables. */
export class HomePage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/');
  }

  get heading(): Locator {
    return this.page.getByRole('heading', { level: 1, name: 'Overview' });
  }

  /** The readiness card of a backend, e.g. `backend('Prometheus', 'Ready')`. */
  backend(label: string, status: string): Locator {
    return this.page.getByRole('listitem', { name: `${label}: ${status}` });
  }

  workloads(namespace: string): Locator {
    return this.page.getByRole('table', { name: `Workloads in ${namespace}` });
  }

  workloadRow(namespace: string, workload: string): Locator {
    return this.workloads(namespace)
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name: workload }) });
  }

  /** The Requests/s cell of a workload, as a number. */
  async requestsPerSecond(namespace: string, workload: string): Promise<number> {
    const text = await this.workloadRow(namespace, workload).getByRole('cell').nth(3).textContent();
    return Number.parseFloat(text ?? '0');
  }

  /** Our alerts; Next.js adds a route announcer with role="alert" outside <main>. */
  get alerts(): Locator {
    return this.page.getByRole('main').getByRole('alert');
  }
}
