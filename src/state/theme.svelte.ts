/** The colour theme: the person's choice (saved), and whether the page is dark now. */
import { applyTheme, readTheme, resolveDark, saveTheme, type ThemeChoice } from '../lib/theme/theme.ts';

function storage(): Storage | undefined {
  try { return localStorage; } catch { return undefined; }
}

export class ThemeState {
  choice = $state<ThemeChoice>(readTheme(storage()));
  #systemDark = $state(false);

  constructor() {
    if (typeof matchMedia === 'function') {
      const q = matchMedia('(prefers-color-scheme: dark)');
      this.#systemDark = q.matches;
      q.addEventListener('change', (e) => (this.#systemDark = e.matches));
    }
  }

  /** the page is dark now (the choice, or the system's for "system") */
  get dark(): boolean {
    return resolveDark(this.choice, this.#systemDark);
  }

  set(choice: ThemeChoice): void {
    this.choice = choice;
    saveTheme(storage(), choice);
    applyTheme(document.documentElement, choice);
  }
}
