/** Collection validators (`$jsonSchema`): writes that break them fail with code 121. */
import { MongoServerError } from 'mongodb';
import { useTestDatabase, type AnyDocument } from '../support/mongo';

const mongo = useTestDatabase();
const people = () => mongo.db.collection<AnyDocument>('people');

const schema = {
  bsonType: 'object',
  required: ['name', 'role', 'address'],
  properties: {
    name: { bsonType: 'string', minLength: 2, maxLength: 10 },
    role: { enum: ['admin', 'member'] },
    age: { bsonType: 'int', minimum: 0 },
    tags: { bsonType: 'array', items: { bsonType: 'string' } },
    address: {
      bsonType: 'object',
      required: ['city'],
      properties: {
        city: { bsonType: 'string', minLength: 1 },
        zip: { bsonType: ['string', 'null'] },
      },
    },
  },
};

const valid = () => ({ name: 'Ada', role: 'admin', address: { city: 'London' } });

beforeEach(async () => {
  await mongo.reset();
  await mongo.db.createCollection('people', { validator: { $jsonSchema: schema } });
});

async function expectRejected(write: Promise<unknown>) {
  const error = await write.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(MongoServerError);
  expect(error).toMatchObject({ code: 121 });
  expect((error as Error).message).toBe('Document failed validation');
}

describe('$jsonSchema validator', () => {
  test('accepts a document that conforms', async () => {
    await expect(people().insertOne({ ...valid(), age: 30, tags: ['x'] })).resolves.toBeTruthy();
  });

  test('refuses a document missing a required field', async () => {
    const { role: _role, ...withoutRole } = valid();
    void _role;
    await expectRejected(people().insertOne(withoutRole));
  });

  test('refuses a value of the wrong bsonType', async () => {
    await expectRejected(people().insertOne({ ...valid(), name: 42 }));
    await expectRejected(people().insertOne({ ...valid(), age: 'old' }));
  });

  test('refuses a value outside the enum', async () => {
    await expectRejected(people().insertOne({ ...valid(), role: 'owner' }));
  });

  test('refuses strings shorter than minLength or longer than maxLength', async () => {
    await expectRejected(people().insertOne({ ...valid(), name: 'A' }));
    await expectRejected(people().insertOne({ ...valid(), name: 'Bartholomew Jr' }));
  });

  test('checks nested objects and array items', async () => {
    await expectRejected(people().insertOne({ ...valid(), address: {} }));
    await expectRejected(people().insertOne({ ...valid(), address: { city: '' } }));
    await expectRejected(people().insertOne({ ...valid(), tags: ['ok', 3] }));
    await expect(
      people().insertOne({ ...valid(), address: { city: 'Paris', zip: null } }),
    ).resolves.toBeTruthy();
  });

  test('an update that would break the schema is refused and changes nothing', async () => {
    const { insertedId } = await people().insertOne(valid());

    await expectRejected(people().updateOne({ _id: insertedId }, { $unset: { role: '' } }));

    expect((await people().findOne({ _id: insertedId }))?.role).toBe('admin');
  });

  test('an upsert that would insert a breaking document is refused', async () => {
    await expectRejected(
      people().updateOne({ name: 'Zed' }, { $set: { role: 'member' } }, { upsert: true }),
    );
    expect(await people().countDocuments()).toBe(0);
  });

  test('collMod replaces the validator for later writes', async () => {
    await mongo.db.command({ collMod: 'people', validator: { $jsonSchema: { required: ['id'] } } });

    await expect(people().insertOne({ id: 1 })).resolves.toBeTruthy();
    await expectRejected(people().insertOne(valid()));
  });

  test('with validationAction "warn" a breaking document is written anyway', async () => {
    await mongo.db.command({ collMod: 'people', validationAction: 'warn' });

    await expect(people().insertOne({ name: 1 })).resolves.toBeTruthy();
  });

  test('listCollections shows the validator', async () => {
    const [info] = await mongo.db.listCollections({ name: 'people' }).toArray();

    expect(info).toMatchObject({
      name: 'people',
      type: 'collection',
      options: { validator: { $jsonSchema: schema } },
    });
  });
});
