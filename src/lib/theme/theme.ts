/**
 * Light / dark / system colour theme. The choice is kept in localStorage and applied as
 * `data-theme="light|dark"` on <html> ("system" removes the attribute, so app.css follows
 * `prefers-color-scheme`). DOM access is passed in, so the logic is testable in Node.
 */
import type { KeyValueStorage } from '../settings/key-value-storage.ts';

export type ThemeChoice = 'system' | 'light' | 'dark';

export const THEME_KEY = 'image-search:theme';
export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

export function isThemeChoice(v: unknown): v is ThemeChoice {
  return typeof v === 'string' && (THEME_CHOICES as readonly string[]).includes(v);
}

/** The stored choice; anything unreadable or unknown is "system". */
export function readTheme(storage: Pick<KeyValueStorage, 'getItem'> | undefined): ThemeChoice {
  try {
    const v = storage?.getItem(THEME_KEY);
    return isThemeChoice(v) ? v : 'system';
  } catch {
    return 'system';
  }
}

export function saveTheme(storage: Pick<KeyValueStorage, 'setItem' | 'removeItem'> | undefined, choice: ThemeChoice): void {
  try {
    if (choice === 'system') storage?.removeItem(THEME_KEY);
    else storage?.setItem(THEME_KEY, choice);
  } catch { /* private mode: the choice lasts for this page only */ }
}

/** Sets or removes data-theme on the root element. */
export function applyTheme(root: { setAttribute(n: string, v: string): void; removeAttribute(n: string): void }, choice: ThemeChoice): void {
  if (choice === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', choice);
}

/** Whether the page ends up dark: the choice, or the system's preference for "system". */
export function resolveDark(choice: ThemeChoice, systemDark: boolean): boolean {
  return choice === 'dark' || (choice === 'system' && systemDark);
}
