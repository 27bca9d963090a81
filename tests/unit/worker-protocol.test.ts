import { transferHandlers } from 'comlink';
import { describe, expect, it } from 'vitest';
import { VectorFormatError } from '../../src/lib/format/vectors.ts';
import { ImageError } from '../../src/lib/image/errors.ts';
import { WorkerError, installErrorTransfer, toWorkerErrorData } from '../../workers/protocol.ts';

describe('worker errors', () => {
  it('keeps the code and file of an ImageError', () => {
    expect(toWorkerErrorData(new ImageError('too-small', 'the image is 8×8 px', 'a.png'))).toEqual({
      code: 'too-small',
      message: 'a.png: the image is 8×8 px',
      file: 'a.png',
    });
  });

  it('maps vector-file errors and unknown throws', () => {
    expect(toWorkerErrorData(new VectorFormatError('x.ivec: bad magic')).code).toBe('vectors-format');
    expect(toWorkerErrorData(new TypeError('boom'))).toEqual({ code: 'internal', message: 'boom' });
    expect(toWorkerErrorData('plain string')).toEqual({ code: 'internal', message: 'plain string' });
  });

  it('crosses Comlink as a WorkerError with code and file intact', () => {
    installErrorTransfer();
    const handler = transferHandlers.get('throw')!;
    const [wire] = handler.serialize({ value: new ImageError('corrupt', 'could not be decoded', 'b.jpg') } as never) as [unknown, Transferable[]];
    expect(JSON.parse(JSON.stringify(wire))).toEqual({ isError: true, value: { code: 'corrupt', message: 'b.jpg: could not be decoded', file: 'b.jpg' } });
    let thrown: unknown;
    try {
      handler.deserialize(wire);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(WorkerError);
    expect(thrown).toMatchObject({ code: 'corrupt', file: 'b.jpg', message: 'b.jpg: could not be decoded' });
  });
});
