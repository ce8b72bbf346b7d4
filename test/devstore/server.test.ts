/**
 * The development store as a server: framing, connection handling and lifecycle. These talk to
 * the store directly (raw sockets where needed), so they run against it only.
 */
import net from 'node:net';
import { BSON, type Document } from 'bson';
import { MongoClient } from 'mongodb';
import { startDevStore, type DevStore } from '../../src/devstore';

const OP_MSG = 2013;

/** An OP_MSG carrying `body`, as the driver would send it. */
function opMsg(body: Document, requestId = 1, flags = 0): Buffer {
  const document = Buffer.from(BSON.serialize(body));
  const header = Buffer.alloc(21);
  header.writeInt32LE(21 + document.length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(0, 8);
  header.writeInt32LE(OP_MSG, 12);
  header.writeUInt32LE(flags, 16);
  header.writeUInt8(0, 20);
  return Buffer.concat([header, document]);
}

/** A legacy OP_QUERY on `admin.$cmd`, as the driver's first handshake is sent. */
function opQuery(body: Document): Buffer {
  const namespace = Buffer.from('admin.$cmd\0');
  const document = Buffer.from(BSON.serialize(body));
  const header = Buffer.alloc(20);
  const tail = Buffer.alloc(8);
  tail.writeInt32LE(0, 0); // numberToSkip
  tail.writeInt32LE(-1, 4); // numberToReturn
  const length = header.length + namespace.length + tail.length + document.length;
  header.writeInt32LE(length, 0);
  header.writeInt32LE(7, 4);
  header.writeInt32LE(0, 8);
  header.writeInt32LE(2004, 12);
  header.writeInt32LE(0, 16); // flags
  return Buffer.concat([header, namespace, tail, document]);
}

/**
 * Sends raw bytes (in the given pieces) and resolves with the first reply's body; `bodyAt` is
 * where the reply's document starts (21 for OP_MSG, 36 for OP_REPLY).
 */
function exchange(port: number, pieces: Buffer[], bodyAt = 21): Promise<Document> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 4 && received.length >= received.readInt32LE(0)) {
        socket.destroy();
        resolve(BSON.deserialize(received.subarray(bodyAt, received.readInt32LE(0))));
      }
    });
    socket.on('connect', async () => {
      for (const piece of pieces) {
        socket.write(piece);
        await new Promise((r) => setImmediate(r));
      }
    });
  });
}

/** Resolves when the server closes the connection. */
function closedAfter(port: number, bytes: Buffer): Promise<'closed'> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    socket.on('error', reject);
    socket.on('close', () => resolve('closed'));
  });
}

describe('startDevStore', () => {
  let store: DevStore;

  beforeEach(async () => {
    store = await startDevStore();
  });

  afterEach(async () => {
    await store.close();
  });

  test('listens on loopback on an ephemeral port and gives a driver URI', () => {
    expect(store.port).toBeGreaterThan(0);
    expect(store.uri).toBe(`mongodb://127.0.0.1:${store.port}/?directConnection=true`);
  });

  test('answers the legacy OP_QUERY handshake with an OP_REPLY', async () => {
    const reply = await exchange(store.port, [opQuery({ isMaster: 1 })], 36);

    expect(reply).toMatchObject({ ismaster: true, helloOk: true, minWireVersion: 0, ok: 1 });
  });

  test('answers a command split across several TCP packets', async () => {
    const message = opMsg({ ping: 1, $db: 'admin' });

    const reply = await exchange(store.port, [
      message.subarray(0, 3),
      message.subarray(3, 30),
      message.subarray(30),
    ]);

    expect(reply).toEqual({ ok: 1 });
  });

  test('answers two commands sent in one packet', async () => {
    const both = Buffer.concat([
      opMsg({ ping: 1, $db: 'admin' }, 1),
      opMsg({ ping: 1, $db: 'admin' }, 2),
    ]);

    expect(await exchange(store.port, [both])).toEqual({ ok: 1 });
  });

  test('drops a connection that sends garbage, and keeps serving others', async () => {
    const garbage = Buffer.alloc(16);
    garbage.writeInt32LE(5, 0); // shorter than a header

    expect(await closedAfter(store.port, garbage)).toBe('closed');
    expect(await exchange(store.port, [opMsg({ ping: 1, $db: 'admin' })])).toEqual({ ok: 1 });
  });

  test('drops a connection that uses an unsupported opcode', async () => {
    const message = opMsg({ ping: 1 });
    message.writeInt32LE(2002, 12); // OP_INSERT, removed from MongoDB

    expect(await closedAfter(store.port, message)).toBe('closed');
  });

  test('an unacknowledged write (w: 0) gets no reply but is applied', async () => {
    const client = new MongoClient(store.uri);
    try {
      await client
        .db('app')
        .collection('events')
        .insertOne({ a: 1 }, { writeConcern: { w: 0 } });

      expect(await client.db('app').collection('events').countDocuments()).toBe(1);
    } finally {
      await client.close();
    }
  });

  test('keeps databases apart', async () => {
    const client = new MongoClient(store.uri);
    try {
      await client.db('one').collection('c').insertOne({ x: 1 });

      expect(await client.db('two').collection('c').countDocuments()).toBe(0);
      const { databases } = await client.db('admin').admin().listDatabases();
      expect(databases.map((d) => d.name)).toEqual(['one']);
    } finally {
      await client.close();
    }
  });

  test('reports itself in buildInfo and hello', async () => {
    const client = new MongoClient(store.uri);
    try {
      const info = await client.db('admin').command({ buildInfo: 1 });
      const hello = await client.db('admin').command({ hello: 1 });

      expect(info.version).toMatch(/^7\./);
      expect(hello).toMatchObject({ isWritablePrimary: true, maxWireVersion: 21, ok: 1 });
    } finally {
      await client.close();
    }
  });
});

describe('DevStore.close', () => {
  test('stops listening, ends open connections, and forgets the data', async () => {
    const store = await startDevStore();
    const client = new MongoClient(store.uri, { serverSelectionTimeoutMS: 500 });
    await client.db('app').collection('c').insertOne({ kept: false });

    await store.close();

    await expect(client.db('app').collection('c').countDocuments()).rejects.toThrow();
    await client.close();
    const again = await startDevStore();
    const fresh = new MongoClient(again.uri);
    expect(await fresh.db('app').collection('c').countDocuments()).toBe(0);
    await fresh.close();
    await again.close();
  });

  test('refuses new connections afterwards', async () => {
    const store = await startDevStore();
    await store.close();

    const refused = await new Promise<string>((resolve) => {
      const socket = net.connect(store.port, '127.0.0.1');
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      socket.on('connect', () => {
        socket.destroy();
        resolve('connected');
      });
    });
    expect(refused).toBe('ECONNREFUSED');
  });
});
