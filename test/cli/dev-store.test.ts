import net from 'node:net';
import { MongoClient } from 'mongodb';
import { runDevStore, type DevStoreCommandDeps } from '../../src/cli/commands/dev-store';
import { EXIT } from '../../src/cli/exit-codes';
import { AppError } from '../../src/errors';
import { silentLogger } from '../../src/logging/logger';

/** Runs the command with a stop switch the test pulls, capturing what it prints. */
function harness(port: string | undefined) {
  const printed: string[] = [];
  let stop: (signal: string) => void = () => undefined;
  let listening: (address: { uri: string; port: number }) => void = () => undefined;
  const address = new Promise<{ uri: string; port: number }>((resolve) => (listening = resolve));
  const deps: DevStoreCommandDeps = {
    env: {},
    port,
    print: (line) => printed.push(line),
    stopRequested: () => new Promise((resolve) => (stop = resolve)),
    logger: silentLogger(),
    onListening: (store) => listening(store),
  };
  return { deps, printed, address, stop: (signal = 'SIGINT') => stop(signal) };
}

describe('datasource-bot dev-store', () => {
  test('serves the store on loopback, prints the MONGODB_URI, and stops cleanly on a signal', async () => {
    const h = harness('0');
    const running = runDevStore(h.deps);
    const { uri, port } = await h.address;

    const client = new MongoClient(uri);
    await client.db('app').collection('notes').insertOne({ text: 'shared' });
    const second = new MongoClient(uri);
    const read = await second
      .db('app')
      .collection('notes')
      .findOne({}, { projection: { _id: 0 } });
    await client.close();
    await second.close();
    h.stop('SIGTERM');

    expect(await running).toBe(EXIT.ok);
    expect(read).toEqual({ text: 'shared' });
    expect(uri).toBe(`mongodb://127.0.0.1:${port}/?directConnection=true`);
    expect(h.printed).toContain(`  export MONGODB_URI='${uri}'`);
    expect(h.printed.join('\n')).toMatch(/in memory/);
  });

  test('refuses a port that is not a number', async () => {
    const error = await runDevStore(harness('http').deps).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalid_input');
    expect((error as AppError).message).toContain('--port');
  });

  test('refuses a port above 65535', async () => {
    const error = await runDevStore(harness('70000').deps).catch((e: unknown) => e);

    expect((error as AppError).code).toBe('invalid_input');
  });

  test('says so when the port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as net.AddressInfo).port;

    const error = await runDevStore(harness(String(taken)).deps).catch((e: unknown) => e);
    await new Promise((resolve) => blocker.close(resolve));

    expect((error as AppError).code).toBe('invalid_input');
    expect((error as AppError).message).toBe(`Port ${taken} on 127.0.0.1 is already in use.`);
  });
});
