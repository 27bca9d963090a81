import { transferHandlers } from 'comlink';
import { describe, expect, it } from 'vitest';
import { VectorFormatError } from '../../src/lib/format/vectors.ts';
import { ImageError } from '../../src/lib/image/errors.ts';
import { english } from '../../src/lib/messages/english.ts';
import { aboutFile } from '../../src/lib/messages/message-error.ts';
import { message, raw } from '../../src/lib/messages/sentence.ts';
import { WorkerError, installErrorTransfer, toWorkerErrorData } from '../../src/protocol/errors.ts';

describe('worker errors', () => {
  it('keeps the code, file and message (as data) of an ImageError', () => {
    const tooSmall = message('worker.tooSmall', { width: '8', height: '8', min: 10 });
    const data = toWorkerErrorData(new ImageError('too-small', tooSmall, 'a.png'));
    expect(data).toEqual({ code: 'too-small', text: aboutFile('a.png', tooSmall), file: 'a.png' });
    expect(english(data.text)).toBe('a.png: the image is 8×8 px; at least 10×10 is needed');
  });

  it('maps vector-file errors and unknown throws (a plain text travels as it is)', () => {
    expect(toWorkerErrorData(new VectorFormatError('x.ivec: bad magic')).code).toBe('vectors-format');
    expect(toWorkerErrorData(new TypeError('boom'))).toEqual({ code: 'internal', text: raw('boom') });
    expect(toWorkerErrorData('plain string')).toEqual({ code: 'internal', text: raw('plain string') });
  });

  it('crosses Comlink as a WorkerError with code, file and message intact', () => {
    installErrorTransfer();
    const handler = transferHandlers.get('throw')!;
    const undecodable = message('worker.undecodable', { reason: 'bad Huffman table' });
    const [wire] = handler.serialize({ value: new ImageError('corrupt', undecodable, 'b.jpg') } as never) as [unknown, Transferable[]];
    expect(JSON.parse(JSON.stringify(wire))).toEqual({ isError: true, value: { code: 'corrupt', text: aboutFile('b.jpg', undecodable), file: 'b.jpg' } });
    let thrown: unknown;
    try {
      handler.deserialize(wire);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(WorkerError);
    expect(thrown).toMatchObject({ code: 'corrupt', file: 'b.jpg', text: aboutFile('b.jpg', undecodable), message: 'b.jpg: the image could not be decoded (bad Huffman table)' });
  });
});
