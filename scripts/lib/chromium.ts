import { existsSync } from 'node:fs';

/** Debian's Chromium when installed (CI installs it), else Playwright's own browser. */
const SYSTEM_CHROMIUM = '/usr/bin/chromium';
export const chromiumExecutable: string | undefined = process.env.CHROMIUM_PATH ?? (existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined);

/** Flags that let headless Chromium run as root on a machine with no outside network. */
export const chromiumArgs = ['--no-sandbox', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const chromiumLaunchOptions = { ...(chromiumExecutable ? { executablePath: chromiumExecutable } : {}), args: chromiumArgs };
