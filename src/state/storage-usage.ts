/** What the browser says about this site's storage: used, allowed, and whether it is kept. */
export interface StorageUsage { readonly usage: number; readonly quota: number; readonly persisted: boolean }

/** The site's storage use, or undefined where the browser has no storage manager. */
export async function readStorageUsage(): Promise<StorageUsage | undefined> {
  try {
    const persisted = (await navigator.storage?.persisted?.()) ?? false;
    const { usage = 0, quota = 0 } = (await navigator.storage?.estimate?.()) ?? {};
    return { usage, quota, persisted };
  } catch {
    return undefined;
  }
}

/** Asks the browser to keep this site's data under storage pressure (once is enough per run). */
export async function askPersistence(): Promise<void> {
  try {
    if (!(await navigator.storage?.persisted?.())) await navigator.storage?.persist?.();
  } catch { /* not offered: data is kept on a best-effort basis */ }
}
