import { expect, type Page } from '@playwright/test';

/**
 * Records every request a page (and its workers) makes and every CSP violation it reports;
 * `check()` fails on a request to another origin, a 4xx/5xx response, or any violation.
 */
export async function watchPrivacy(page: Page, baseURL: string): Promise<{ check(): Promise<void> }> {
  const origin = new URL(baseURL).origin;
  const foreign: string[] = [];
  const failed: string[] = [];
  const violations: string[] = [];
  page.context().on('request', (r) => {
    const url = r.url();
    if (!/^(blob|data):/.test(url) && new URL(url).origin !== origin) foreign.push(url);
  });
  page.context().on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
  page.on('console', (m) => { if (/Content[- ]Security[- ]Policy/i.test(m.text())) violations.push(m.text()); });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const w = window as unknown as { __csp?: string[] };
      (w.__csp ??= []).push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return {
    async check() {
      const reported = await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
      expect(foreign, 'requests to other origins').toEqual([]);
      expect(failed, 'failed requests').toEqual([]);
      expect([...violations, ...reported], 'CSP violations').toEqual([]);
    },
  };
}
