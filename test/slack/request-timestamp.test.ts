/**
 * `refuseUntimelyRequests` on its own, with the clock as a parameter: the five-minute window is
 * inclusive and symmetric, only Slack's POSTs are judged, and a request without the header is
 * left to Bolt (which refuses it).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { silentLogger } from '../../src/logging/logger';
import { refuseUntimelyRequests } from '../../src/slack/request-timestamp';

const NOW = new Date('2030-01-01T00:00:00Z');
const nowSeconds = NOW.getTime() / 1000;

/** Runs one request through the guard; whether it reached Bolt, and the status sent if not. */
function judge(request: { method?: string; url?: string; timestamp?: string }) {
  let passed = false;
  let status: number | undefined;
  const guard = refuseUntimelyRequests(
    () => {
      passed = true;
    },
    { paths: ['/slack/events'], now: () => NOW, logger: silentLogger() },
  );
  const headers =
    request.timestamp === undefined ? {} : { 'x-slack-request-timestamp': request.timestamp };
  const req = {
    method: request.method ?? 'POST',
    url: request.url ?? '/slack/events',
    headers,
    resume: () => undefined,
  } as unknown as IncomingMessage;
  const res = {
    writeHead(code: number) {
      status = code;
      return { end: () => undefined };
    },
  } as unknown as ServerResponse;
  guard(req, res);
  return { passed, status };
}

describe('refuseUntimelyRequests', () => {
  it.each([
    [-300, true],
    [300, true],
    [-301, false],
    [301, false],
    [0, true],
  ])('judges a timestamp %i s from the clock: passes=%s', (offset, passes) => {
    const outcome = judge({ timestamp: String(nowSeconds + offset) });
    expect(outcome).toEqual(
      passes ? { passed: true, status: undefined } : { passed: false, status: 401 },
    );
  });

  it('follows the clock it is given, not the machine’s', () => {
    const realNow = String(Math.floor(Date.now() / 1000));
    expect(judge({ timestamp: realNow })).toEqual({ passed: false, status: 401 });
  });

  it('leaves a request without the header to Bolt, which refuses it', () => {
    expect(judge({})).toEqual({ passed: true, status: undefined });
  });

  it('does not judge other routes or methods (GET /healthz)', () => {
    expect(judge({ method: 'GET', url: '/healthz', timestamp: '1' }).passed).toBe(true);
    expect(judge({ method: 'POST', url: '/other', timestamp: '1' }).passed).toBe(true);
  });

  it('judges the path without its query string', () => {
    expect(judge({ url: '/slack/events?x=1', timestamp: '1' }).status).toBe(401);
  });
});
