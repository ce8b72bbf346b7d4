import { EXIT, exitCodeForSignal } from '../../src/cli/exit-codes';

describe('exit codes', () => {
  it('reports a signal as 128 + its number, as shells do', () => {
    expect(exitCodeForSignal('SIGINT')).toBe(130);
    expect(exitCodeForSignal('SIGTERM')).toBe(143);
    expect(exitCodeForSignal('SIGHUP')).toBe(129);
  });

  it('names Ctrl-C as interrupted', () => {
    expect(EXIT.interrupted).toBe(exitCodeForSignal('SIGINT'));
  });

  it('reports a reader that went away as SIGPIPE would', () => {
    expect(EXIT.brokenPipe).toBe(128 + 13);
  });
});
