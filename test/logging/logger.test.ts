/**
 * The logger names one `component` per line: the dotted path of the child loggers that led to
 * it, however many of them named a part (pino alone repeated the key once per level).
 */
import { Writable } from 'node:stream';
import { createLogger, type LoggerOptions } from '../../src/logging/logger';
import { boltLogger } from '../../src/slack/bolt-logger';

function capture(options: LoggerOptions = {}) {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info', destination, ...options }) };
}

/** How often `"component"` appears in the raw text of a line (JSON.parse would hide repeats). */
const componentKeys = (line: string) => line.split('"component"').length - 1;

describe('component', () => {
  it('is written once, as a dotted path, for children four levels deep', () => {
    const { lines, logger } = capture({ base: { component: 'serve' } });
    const bolt = logger.child({ component: 'slack' }).child({ component: 'bolt' });
    boltLogger(bolt).warn('http request failed');
    expect(lines).toHaveLength(1);
    expect(componentKeys(lines[0])).toBe(1);
    expect(JSON.parse(lines[0])).toMatchObject({
      component: 'serve.slack.bolt',
      msg: 'http request failed',
    });
  });

  it('joins a component given in one call to the path instead of repeating the key', () => {
    const { lines, logger } = capture({ base: { component: 'serve' } });
    logger.child({ component: 'jobs' }).info({ component: 'sweep', runs: 2 }, 'swept');
    expect(componentKeys(lines[0])).toBe(1);
    expect(JSON.parse(lines[0])).toMatchObject({ component: 'serve.jobs.sweep', runs: 2 });
  });

  it('keeps the parent path for children that bind other fields, and keeps those fields', () => {
    const { lines, logger } = capture();
    const confluence = logger.child({ component: 'confluence', host: 'wiki.example' });
    confluence.child({ runId: 'r1' }).info('page fetched');
    expect(componentKeys(lines[0])).toBe(1);
    expect(JSON.parse(lines[0])).toMatchObject({
      component: 'confluence',
      host: 'wiki.example',
      runId: 'r1',
    });
  });

  it('is absent when nothing named one, and other base fields stay', () => {
    const { lines, logger } = capture({ base: { role: 'worker' } });
    logger.child({ runId: 'r2' }).info('started');
    expect(componentKeys(lines[0])).toBe(0);
    expect(JSON.parse(lines[0])).toMatchObject({ role: 'worker', runId: 'r2' });
  });

  it('does not leak between siblings', () => {
    const { lines, logger } = capture({ base: { component: 'serve' } });
    logger.child({ component: 'slack' });
    logger.child({ component: 'jobs' }).info('one');
    logger.info('two');
    expect(lines.map((l) => JSON.parse(l).component)).toEqual(['serve.jobs', 'serve']);
  });

  it('redacts secrets bound to a child like those in a logged object', () => {
    const { lines, logger } = capture();
    logger.child({ component: 'slack', token: 'xoxb-1-2-secret' }).info('bound');
    expect(lines[0]).not.toContain('xoxb-1-2-secret');
  });
});
