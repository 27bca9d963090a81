// First: the stored light/dark theme goes on <html> before anything renders (no inline script: CSP).
import './theme-init.ts';
// Then the UI language on <html lang> (src/locale-init.ts).
import './locale-init.ts';
import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { installPageApi } from './bridge/page-api.ts';

installPageApi();

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');

export default mount(App, { target });
