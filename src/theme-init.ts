/**
 * Imported first by main.ts: applies the stored theme to <html> before the app renders (the CSP
 * allows no inline script in index.html, so this is the earliest place).
 */
import { applyTheme, readTheme } from './lib/theme/theme.ts';

if (typeof document !== 'undefined') {
  let storage: Storage | undefined;
  try { storage = localStorage; } catch { /* storage blocked */ }
  applyTheme(document.documentElement, readTheme(storage));
}
