/**
 * A pass-through HTTP proxy in front of a local server that counts the response bytes it forwards
 * (headers and body, as sent), per request path. The bench's "bytes on the wire" come from here:
 * the model is fetched by transformers.js inside a dedicated worker, whose requests the browser
 * automation reports unreliably (a streamed body can finish with a size of 0).
 */
import { createServer, request as forward, type Server } from 'node:http';

export interface Traffic { bytes: number; requests: number }

export class CountingProxy {
  private server?: Server;
  private counts: Traffic[] = [];

  /** `count(path)`: whether a request path is counted */
  constructor(private readonly target: number, private readonly count: (path: string) => boolean) {}

  async listen(port: number): Promise<void> {
    this.server = createServer((req, res) => {
      const counted = this.count(new URL(req.url ?? '/', 'http://x').pathname);
      const upstream = forward({ host: '127.0.0.1', port: this.target, path: req.url, method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.statusMessage, up.rawHeaders);
        if (counted) {
          const headerBytes = up.rawHeaders.reduce((s, h) => s + Buffer.byteLength(h), 0) + 2 * up.rawHeaders.length;
          for (const c of this.counts) { c.requests++; c.bytes += headerBytes; }
          up.on('data', (chunk: Buffer) => { for (const c of this.counts) c.bytes += chunk.length; });
        }
        up.pipe(res);
      });
      upstream.on('error', () => { if (!res.headersSent) res.writeHead(502); res.end(); });
      res.on('close', () => upstream.destroy());
      req.pipe(upstream);
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
  }

  /** Starts a counter; read it (and stop it) with the returned function. */
  start(): () => Traffic {
    const c: Traffic = { bytes: 0, requests: 0 };
    this.counts.push(c);
    return () => {
      this.counts = this.counts.filter((x) => x !== c);
      return { ...c };
    };
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server) return resolve();
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}
