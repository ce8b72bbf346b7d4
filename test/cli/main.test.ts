/** The program as a whole: version, unknown options before missing ones, exit codes. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { main } from '../../src/cli/main';
import { packageVersion } from '../../src/cli/version';

/** Runs `datasource-bot ...args` with both streams captured. */
async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const capture = (into: string[]) => (chunk: string | Uint8Array) => {
    into.push(String(chunk));
    return true;
  };
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(capture(out));
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(capture(err));
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    await main(['node', 'datasource-bot', ...args]);
    return { code: process.exitCode ?? 0, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.exitCode = before;
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8'));

describe('datasource-bot', () => {
  it.each(['--version', '-V'])('prints the package version with %s', async (flag) => {
    const result = await run(flag);

    expect(result).toMatchObject({ code: 0, stdout: `${manifest.version}\n` });
  });

  it('reports a misspelled option with a suggestion before any missing one', async () => {
    const result = await run(
      'index',
      '--urll',
      'https://wiki.example.test',
      '--cql',
      'type = page',
    );

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: unknown option '--urll'\n\(Did you mean --url\?\)/);
    expect(result.stderr).not.toContain("required option '--url");
  });

  it('still reports a missing --url, with the usage exit code', async () => {
    const result = await run('index', '--cql', 'type = page');

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: Invalid options: --url is required.');
  });
});

describe('packageVersion', () => {
  it('says "unknown" when no datasource-bot package.json is above the folder', () => {
    expect(packageVersion(path.parse(__dirname).root)).toBe('unknown');
  });
});
