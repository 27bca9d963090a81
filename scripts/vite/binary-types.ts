import type { Plugin } from 'vite';

/** The site's own binary formats (docs/FORMAT.md): vector files, IVF indexes, ONNX models, NumPy arrays. */
const BINARY = /\.(ivec|ivf|onnx|npy|bin)$/i;

/**
 * `vite preview` answers a file of an extension it does not know with an empty Content-Type,
 * which its compression takes for text: every open then gzips the 3.8 MB vector file again (about
 * 0.2 s of CPU, much more on a busy machine), where a static host (GitHub Pages) sends it as
 * application/octet-stream, uncompressed. This makes the preview server answer like the host.
 */
export function binaryTypes(): Plugin {
  return {
    name: 'binary-types',
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        if (BINARY.test(new URL(req.url ?? '/', 'http://x').pathname)) {
          const setHeader = res.setHeader.bind(res);
          res.setHeader = (name, value) => setHeader(name, name.toLowerCase() === 'content-type' && !String(value) ? 'application/octet-stream' : value);
          setHeader('Content-Type', 'application/octet-stream');
        }
        next();
      });
    },
  };
}
