import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { exitQuietlyOnBrokenPipe } from '../../src/cli/broken-pipe';
import { main } from '../../src/cli/main';

function brokenPipe(): NodeJS.ErrnoException {
  return Object.assign(new Error('write EPIPE'), { code: 'EPIPE', syscall: 'write' });
}

describe('exitQuietlyOnBrokenPipe', () => {
  it('ends with 141 instead of an unhandled error when the reader has gone', () => {
    const stream = new PassThrough();
    const exits: number[] = [];
    exitQuietlyOnBrokenPipe(stream, (code) => exits.push(code));

    expect(() => stream.emit('error', brokenPipe())).not.toThrow();

    expect(exits).toEqual([141]);
  });

  it('still throws other write errors', () => {
    const stream = new EventEmitter();
    exitQuietlyOnBrokenPipe(stream, () => {});

    const disk = Object.assign(new Error('no space'), { code: 'ENOSPC' });

    expect(() => stream.emit('error', disk)).toThrow('no space');
  });

  it('guards a stream once, however often it is asked', () => {
    const stream = new EventEmitter();

    exitQuietlyOnBrokenPipe(stream, () => {});
    exitQuietlyOnBrokenPipe(stream, () => {});

    expect(stream.listenerCount('error')).toBe(1);
  });

  it('is installed on standard output and standard error by main', async () => {
    const streams = [process.stdout, process.stderr];
    const before = streams.map((stream) => stream.listeners('error'));
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const exit = jest.spyOn(process, 'exit').mockImplementation(() => undefined as never);
    const exitCode = process.exitCode;
    try {
      await main(['node', 'datasource-bot', 'validate-cql', 'type = page']);

      // Only the listeners main added (other test files in this worker may have added theirs).
      streams.forEach((stream, i) => {
        const added = stream.listeners('error').filter((l) => !before[i].includes(l));
        expect(added).toHaveLength(1);
        added[0](brokenPipe());
      });

      expect(exit.mock.calls).toEqual([[141], [141]]);
    } finally {
      process.exitCode = exitCode;
      write.mockRestore();
      exit.mockRestore();
    }
  });
});
