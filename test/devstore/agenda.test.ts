/**
 * Agenda 6 with the Mongo backend, on the development store (or MONGODB_URI): jobs are locked,
 * run and completed; recurring and unique jobs are upserted once. Short intervals keep the test
 * quick; a short lock lifetime keeps the timer Agenda leaves after stop() from holding Jest.
 */
import { Agenda, type Job } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import { useTestDatabase } from '../support/mongo';

const mongo = useTestDatabase();
let agenda: Agenda;
const errors: unknown[] = [];

beforeEach(async () => {
  await mongo.reset();
  agenda = new Agenda({
    backend: new MongoBackend({ mongo: mongo.db }),
    name: 'devstore-test',
    processEvery: 50,
    defaultLockLifetime: 500,
  });
  agenda.on('error', (error) => errors.push(error));
});

afterEach(async () => {
  await agenda.stop(false);
  expect(errors).toEqual([]);
});

const jobs = () => mongo.db.collection('agendaJobs');

test('a job scheduled with now() is locked, run and recorded as finished', async () => {
  const seen: unknown[] = [];
  agenda.define('greet', async (job: Job<{ who: string }>) => {
    seen.push(job.attrs.data);
  });
  await agenda.start();
  const completed = new Promise<void>((resolve) => agenda.once('complete:greet', () => resolve()));

  await agenda.now('greet', { who: 'Ada' });
  await completed;

  expect(seen).toEqual([{ who: 'Ada' }]);
  const [stored] = await jobs().find({ name: 'greet' }).toArray();
  expect(stored.lastFinishedAt).toBeInstanceOf(Date);
  expect(stored.lockedAt ?? null).toBeNull();
  expect(stored.failCount ?? 0).toBe(0);
});

test('a failing job records its failure', async () => {
  agenda.define('explode', async () => {
    throw new Error('boom');
  });
  await agenda.start();
  // 'complete' comes after the job's state is saved; 'fail' comes before.
  const completed = new Promise<void>((resolve) =>
    agenda.once('complete:explode', () => resolve()),
  );

  await agenda.now('explode');
  await completed;

  const [stored] = await jobs().find({ name: 'explode' }).toArray();
  expect(stored.failReason).toBe('boom');
  expect(stored.failCount).toBe(1);
});

test('every() twice with the same name keeps one recurring job', async () => {
  agenda.define('tick', async () => undefined);

  await agenda.every('1 hour', 'tick', { scope: 'all' });
  await agenda.every('2 hours', 'tick', { scope: 'all' });

  const stored = await jobs().find({ name: 'tick' }).toArray();
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({ repeatInterval: '2 hours', type: 'single' });
});

test('unique() jobs are upserted once per unique key', async () => {
  agenda.define('index', async () => undefined);
  const save = (id: string) =>
    agenda
      .create('index', { dataSourceId: id })
      .unique({ 'data.dataSourceId': id })
      .schedule(new Date(Date.now() + 3_600_000))
      .save();

  await save('a');
  await save('a');
  await save('b');

  const stored = await jobs().find({ name: 'index' }).toArray();
  expect(stored.map((job) => job.data.dataSourceId).sort()).toEqual(['a', 'b']);
});

test('cancel() removes matching jobs', async () => {
  agenda.define('later', async () => undefined);
  await agenda.schedule(new Date(Date.now() + 3_600_000), 'later', { n: 1 });

  const removed = await agenda.cancel({ name: 'later' });

  expect(removed).toBe(1);
  expect(await jobs().countDocuments({ name: 'later' })).toBe(0);
});
