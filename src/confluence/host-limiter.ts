/**
 * One request limiter per Confluence host, shared by every client a factory builds, so that two
 * data sources on the same site do not add up to more than the configured rate. The limiter
 * slows down when Confluence answers 429 and speeds up again gradually as requests succeed.
 */
import Bottleneck from 'bottleneck';

export interface LimiterSettings {
  /** Requests in flight at once per host. Config `CONFLUENCE_MAX_CONCURRENT`, default 4. */
  maxConcurrent: number;
  /** Request starts per second per host. Config `CONFLUENCE_REQUESTS_PER_SECOND`, default 10. */
  requestsPerSecond: number;
  /** Milliseconds since the epoch; injectable for tests. */
  clock: () => number;
  /** Waits `ms` (or until `signal` aborts); injectable for tests. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Slowest spacing between request starts after repeated 429s. */
const SLOWEST_SPACING_MS = 10_000;
/** Each success moves the spacing this fraction of the way back to normal. */
const RECOVERY_STEP = 0.1;

/** Concurrency, rate and 429 pauses for one host; used by `ConfluenceHttp` around each attempt. */
export class HostLimiter {
  private readonly bottleneck: Bottleneck;
  private readonly normalSpacingMs: number;
  private spacingMs: number;
  private resumeAt = 0;

  constructor(private readonly settings: LimiterSettings) {
    this.normalSpacingMs = Math.ceil(1000 / settings.requestsPerSecond);
    this.spacingMs = this.normalSpacingMs;
    this.bottleneck = new Bottleneck({
      maxConcurrent: settings.maxConcurrent,
      minTime: this.spacingMs,
    });
  }

  /** Runs `task` when the host's concurrency, rate and any 429 pause allow it. */
  schedule<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.bottleneck.schedule(async () => {
      const pause = this.resumeAt - this.settings.clock();
      if (pause > 0) await this.settings.sleep(pause, signal);
      return task();
    });
  }

  /** Confluence said 429: pause every request to the host for `pauseMs` and halve the rate. */
  slowDown(pauseMs: number): void {
    this.resumeAt = Math.max(this.resumeAt, this.settings.clock() + pauseMs);
    this.setSpacing(Math.min(SLOWEST_SPACING_MS, Math.max(this.spacingMs * 2, 1)));
  }

  /** A request succeeded: move the rate a step back towards the configured one. */
  recover(): void {
    if (this.spacingMs <= this.normalSpacingMs) return;
    const next = this.spacingMs - (this.spacingMs - this.normalSpacingMs) * RECOVERY_STEP;
    this.setSpacing(Math.max(this.normalSpacingMs, Math.floor(next)));
  }

  /** Current spacing between request starts, in milliseconds (for logs and tests). */
  get currentSpacingMs(): number {
    return this.spacingMs;
  }

  private setSpacing(ms: number): void {
    if (ms === this.spacingMs) return;
    this.spacingMs = ms;
    this.bottleneck.updateSettings({ minTime: ms });
  }
}

/** Hands out one {@link HostLimiter} per host (`host[:port]`, lower case). */
export class LimiterRegistry {
  private readonly limiters = new Map<string, HostLimiter>();

  constructor(private readonly settings: LimiterSettings) {}

  forHost(host: string): HostLimiter {
    const key = host.toLowerCase();
    let limiter = this.limiters.get(key);
    if (!limiter) {
      limiter = new HostLimiter(this.settings);
      this.limiters.set(key, limiter);
    }
    return limiter;
  }
}
