// First: the stored light/dark theme goes on <html> before anything renders (no inline script: CSP).
import './theme-init.ts';
// Then the UI language on <html lang> (src/locale-init.ts).
import './locale-init.ts';
import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import OpenInTab from './components/lightbox/OpenInTab.svelte';
import { installPageApi } from './bridge/page-api.ts';
import { startSearchEarly } from './bridge/early-start.ts';
import { isFramed, pageView } from './lib/site/framing.ts';
import { site } from './state/site.ts';

// User-timing marks (page:*, search-worker:*) show where an opening's time goes: scripts/bench/trace-first-result.ts.
performance.mark('page:main');

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');

// A framed full app (not ?embed=1) shows only a link to itself: no workers, no model, no clicks to steal.
const view = pageView(site.embed, isFramed(window));
if (view === 'app') {
  // The gallery (and a shared search's vectors) load while the page mounts.
  startSearchEarly();
  installPageApi();
}

// One task later: the worker's scripts are fetched through this thread, which mounting keeps busy.
setTimeout(() => {
  if (view === 'app') mount(App, { target });
  else mount(OpenInTab, { target, props: { href: location.href } });
  performance.mark('page:mounted');
}, 0);
