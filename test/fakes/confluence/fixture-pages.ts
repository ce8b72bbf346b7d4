/**
 * Seed data for the fake Confluence, built from the real fixtures in
 * `../shared/fixtures/confluence-real/` (see its SOURCES.md): storage bodies from kovetskiy/mark,
 * hunyadi/md2conf, hallowelt/migrate-confluence (wrapper `<xml>` / `<html><body>` removed),
 * let-sunny/confluence-to-notion, the Airbyte Cloud records and the go-atlassian mocks, arranged
 * in spaces with a page tree, labels, versions, a restricted branch, a blog post, comments and
 * attachments. Everything is deterministic: same files, same order, same ids and dates.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ContentType } from './model';

/** The repository root: the nearest folder above this file with a package.json (also from dist/). */
function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) {
    dir = path.dirname(dir);
  }
  return dir;
}

export const FIXTURES_DIR = path.resolve(repoRoot(), '../shared/fixtures/confluence-real');

export interface SpaceSeed {
  key: string;
  name: string;
  anonymousAccess?: boolean;
}

export interface PageSeed {
  /** A name other seeds use as `parent`; not sent to clients. */
  ref: string;
  type: ContentType;
  title: string;
  spaceKey: string;
  parent?: string;
  body: string;
  labels: string[];
  /** View restriction: user names allowed. */
  restrictedTo?: string[];
  /** Marks the space home page. */
  home?: boolean;
}

export interface FixtureSeed {
  spaces: SpaceSeed[];
  pages: PageSeed[];
}

function read(relative: string): string {
  return fs.readFileSync(path.join(FIXTURES_DIR, relative), 'utf8');
}

/** Removes the `<xml ...>` or `<html><body>` wrapper some test inputs put around the storage. */
export function stripWrapper(source: string): string {
  return source
    .replace(/^\s*<xml\b[^>]*>/, '')
    .replace(/<\/xml>\s*$/, '')
    .replace(/^\s*<html\b[^>]*>\s*(<body\b[^>]*>)?/, '')
    .replace(/(<\/body>\s*)?<\/html>\s*$/, '')
    .trim();
}

const titleCase = (name: string) =>
  name
    .replace(/-input$/, '')
    .split(/[-_]/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ');

function filesIn(relativeDir: string, pattern: RegExp): string[] {
  return fs
    .readdirSync(path.join(FIXTURES_DIR, relativeDir))
    .filter((f) => pattern.test(f))
    .sort();
}

function docsSpace(): PageSeed[] {
  const pages: PageSeed[] = [
    {
      ref: 'docs-home',
      type: 'page',
      title: 'Documentation Home',
      spaceKey: 'DOCS',
      home: true,
      body: '<p>Welcome to the documentation space.</p>',
      labels: ['home'],
    },
    {
      ref: 'mark',
      type: 'page',
      title: 'Samples from mark',
      spaceKey: 'DOCS',
      parent: 'docs-home',
      body: '<p>Storage produced by the mark converter.</p>',
      labels: ['samples'],
    },
    {
      ref: 'md2conf',
      type: 'page',
      title: 'Samples from md2conf',
      spaceKey: 'DOCS',
      parent: 'docs-home',
      body: '<p>Storage produced by md2conf.</p>',
      labels: ['samples'],
    },
  ];
  for (const file of filesIn('kovetskiy__mark/testdata', /\.html$/)) {
    const name = file.replace(/\.html$/, '');
    pages.push({
      ref: `mark-${name}`,
      type: 'page',
      title: `${titleCase(name)} (mark)`,
      spaceKey: 'DOCS',
      parent: 'mark',
      body: read(`kovetskiy__mark/testdata/${file}`),
      labels: ['markdown', 'mark'],
    });
  }
  for (const file of filesIn('hunyadi__md2conf/tests/target', /\.xml$/)) {
    const name = file.replace(/\.xml$/, '');
    pages.push({
      ref: `md2conf-${name}`,
      type: 'page',
      title: `${titleCase(name)} (md2conf)`,
      spaceKey: 'DOCS',
      parent: 'md2conf',
      body: read(`hunyadi__md2conf/tests/target/${file}`),
      labels: ['markdown', 'md2conf'],
    });
  }
  pages.push(
    {
      ref: 'secret',
      type: 'page',
      title: 'Security plans',
      spaceKey: 'DOCS',
      parent: 'docs-home',
      body: '<p>Only bob may read this.</p>',
      labels: ['restricted'],
      restrictedTo: ['bob'],
    },
    {
      ref: 'secret-child',
      type: 'page',
      title: 'Security plans: details',
      spaceKey: 'DOCS',
      parent: 'secret',
      body: '<p>Hidden with its parent.</p>',
      labels: [],
    },
    {
      ref: 'diagram',
      type: 'attachment',
      title: 'diagram.png',
      spaceKey: 'DOCS',
      parent: 'mark-links',
      body: '',
      labels: [],
    },
    {
      ref: 'spec',
      type: 'attachment',
      title: 'spec.pdf',
      spaceKey: 'DOCS',
      parent: 'md2conf-images',
      body: '',
      labels: [],
    },
  );
  return pages;
}

function kafkaSpace(): PageSeed[] {
  const dir = 'let-sunny__confluence-to-notion/tests/fixtures/converter';
  return [
    {
      ref: 'kafka-home',
      type: 'page',
      title: 'Apache Kafka Index',
      spaceKey: 'KAFKA',
      home: true,
      body: read(`${dir}/27821303.xhtml`),
      labels: ['kafka', 'index'],
    },
    {
      ref: 'kafka-eclipse',
      type: 'page',
      title: 'Developer Setup with Eclipse',
      spaceKey: 'KAFKA',
      parent: 'kafka-home',
      body: read(`${dir}/27835336.xhtml`),
      labels: ['kafka', 'ide'],
    },
    {
      ref: 'kafka-release',
      type: 'page',
      title: 'Release Readiness Checklist',
      spaceKey: 'KAFKA',
      parent: 'kafka-home',
      body: read(`${dir}/29130800.xhtml`),
      labels: ['kafka', 'release'],
    },
  ];
}

function migrationSpace(): PageSeed[] {
  const dir = 'hallowelt__migrate-confluence/tests/phpunit/data';
  const pages: PageSeed[] = [
    {
      ref: 'migr-home',
      type: 'page',
      title: 'Migration Samples',
      spaceKey: 'MIGR',
      home: true,
      body: stripWrapper(read(`${dir}/confluence-demo-startpage.mraw`)),
      labels: ['migration'],
    },
  ];
  const inputs = [
    ...filesIn(dir, /-input\.xml$/),
    ...filesIn(`${dir}/PageExcerpt`, /-input\.xml$/).map((f) => `PageExcerpt/${f}`),
  ];
  for (const file of inputs) {
    const name = path.basename(file, '.xml');
    pages.push({
      ref: `migr-${name}`,
      type: 'page',
      title: titleCase(name),
      spaceKey: 'MIGR',
      parent: 'migr-home',
      body: stripWrapper(read(`${dir}/${file}`)),
      labels: ['migration', name.replace(/-input$/, '')],
    });
  }
  return pages;
}

/** The Airbyte records (a real page and blog post) and the go-atlassian listing and comments. */
function dummySpace(): PageSeed[] {
  const airbyte = read(
    'airbytehq__airbyte/airbyte-integrations/connectors/source-confluence/integration_tests/' +
      'expected_records.pages_and_blogposts.excerpt.jsonl',
  )
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map(
      (line) =>
        JSON.parse(line).data as {
          type: string;
          title: string;
          body: { storage: { value: string } };
        },
    );
  const page = airbyte.find((r) => r.type === 'page');
  const blog = airbyte.find((r) => r.type === 'blogpost');
  const mocks = 'ctreminiom__go-atlassian/confluence/mocks';
  const listed = JSON.parse(read(`${mocks}/get-contents.json`)).results as Array<{ title: string }>;
  const comments = JSON.parse(read(`${mocks}/get-content-comments.json`)).results as Array<{
    title: string;
  }>;

  const pages: PageSeed[] = [
    {
      ref: 'dummy-home',
      type: 'page',
      title: page?.title ?? 'Overview',
      spaceKey: 'DUMMY',
      home: true,
      body: page?.body.storage.value ?? '',
      labels: ['airbyte'],
    },
    {
      ref: 'dummy-blog',
      type: 'blogpost',
      title: blog?.title ?? 'Blog post',
      spaceKey: 'DUMMY',
      body: blog?.body.storage.value ?? '',
      labels: ['airbyte', 'blog'],
    },
  ];
  listed.forEach((item, i) =>
    pages.push({
      ref: `dummy-${i}`,
      type: 'page',
      title: item.title,
      spaceKey: 'DUMMY',
      parent: 'dummy-home',
      body: `<p>${item.title}</p>`,
      labels: [],
    }),
  );
  comments.forEach((item, i) =>
    pages.push({
      ref: `dummy-comment-${i}`,
      type: 'comment',
      title: item.title,
      spaceKey: 'DUMMY',
      parent: 'dummy-home',
      body: '<p>A footer comment.</p>',
      labels: [],
    }),
  );
  return pages;
}

/** Loads the seed once per call; about 45 pages, blog posts, comments and attachments. */
export function loadFixtureSeed(): FixtureSeed {
  return {
    spaces: [
      { key: 'DOCS', name: 'Documentation' },
      { key: 'KAFKA', name: 'Apache Kafka', anonymousAccess: true },
      { key: 'MIGR', name: 'Migration Samples' },
      { key: 'DUMMY', name: 'Dummy Space' },
    ],
    pages: [...docsSpace(), ...kafkaSpace(), ...migrationSpace(), ...dummySpace()],
  };
}
