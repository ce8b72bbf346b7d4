/**
 * Puts the fixture seed (`fixture-pages.ts`) into a fake Confluence with deterministic dates,
 * versions and authors: page i was created on 2024-01-01 plus i days, has version 1 + i mod 5
 * and was last modified 3 days per version later; authors alternate alice and bob.
 */
import { loadFixtureSeed } from './fixture-pages';
import type { FakeContent, FakeSpace, FakeStore } from './model';
import type { NewPage } from './server';

const SEED_DAY0 = Date.UTC(2024, 0, 1, 9, 0, 0);
const DAY = 86_400_000;

export function seedFixtures(
  store: FakeStore,
  addSpace: (space: { key: string; name: string; anonymousAccess: boolean }) => FakeSpace,
  addPage: (page: NewPage) => FakeContent,
): void {
  const seed = loadFixtureSeed();
  for (const space of seed.spaces) {
    addSpace({ ...space, anonymousAccess: space.anonymousAccess ?? false });
  }
  const ids = new Map<string, string>();
  seed.pages.forEach((page, i) => {
    const version = 1 + (i % 5);
    const created = new Date(SEED_DAY0 + i * DAY);
    const content = addPage({
      title: page.title,
      spaceKey: page.spaceKey,
      type: page.type,
      parentId: page.parent ? (ids.get(page.parent) ?? null) : null,
      body: page.body,
      labels: page.labels,
      version,
      created,
      lastModified: new Date(created.getTime() + version * 3 * DAY),
      author: i % 2 === 0 ? 'alice' : 'bob',
      restrictedTo: page.restrictedTo ?? null,
    });
    ids.set(page.ref, content.id);
    const space = page.home ? store.spaces.get(page.spaceKey) : undefined;
    if (space) space.homepageId = content.id;
  });
}
