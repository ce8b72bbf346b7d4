/**
 * Golden Markdown for a representative set of real fixtures, covering every element family the
 * converter handles. Each `.md` file here was generated, read against its input and pinned; the
 * test compares exactly. After an intended change in the converter, rewrite them with
 *
 *     UPDATE_GOLDEN=1 npx jest test/golden
 *
 * then read the diff (`git diff test/golden`) before committing it. README.md lists the inputs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { storageToMarkdown } from '../../src/convert/storage-to-markdown';
import { sampleById } from '../convert/fixture-samples';

/** Golden file name → fixture sample id (path below `shared/fixtures/confluence-real`). */
const GOLDEN: Readonly<Record<string, string>> = {
  'mark-admonitions': 'kovetskiy__mark/testdata/admonitions.html',
  'mark-codes': 'kovetskiy__mark/testdata/codes.html',
  'mark-links': 'kovetskiy__mark/testdata/links.html',
  'mark-tasklists': 'kovetskiy__mark/testdata/tasklists.html',
  'md2conf-basic': 'hunyadi__md2conf/tests/target/basic.xml',
  'md2conf-footnote': 'hunyadi__md2conf/tests/target/footnote.xml',
  'md2conf-images': 'hunyadi__md2conf/tests/target/images.xml',
  'md2conf-panel': 'hunyadi__md2conf/tests/target/panel.xml',
  'md2conf-table': 'hunyadi__md2conf/tests/target/table.xml',
  'hallowelt-demo-startpage': 'hallowelt__migrate-confluence/tests/phpunit/data/confluence-demo-startpage.mraw',
  'hallowelt-details': 'hallowelt__migrate-confluence/tests/phpunit/data/details-macro-input.xml',
  'hallowelt-emoticon': 'hallowelt__migrate-confluence/tests/phpunit/data/emoticon-input.xml',
  'hallowelt-excerpt-include':
    'hallowelt__migrate-confluence/tests/phpunit/data/PageExcerpt/excerpt-include-macro-input.xml',
  'hallowelt-layout': 'hallowelt__migrate-confluence/tests/phpunit/data/layout-input.xml',
  'hallowelt-links': 'hallowelt__migrate-confluence/tests/phpunit/data/pagelinktest-input.xml',
  'hallowelt-attachment-links':
    'hallowelt__migrate-confluence/tests/phpunit/data/attachmentlinktest-input.xml',
  'hallowelt-table-complex': 'hallowelt__migrate-confluence/tests/phpunit/data/table-complex-input.xml',
  'hallowelt-task-list': 'hallowelt__migrate-confluence/tests/phpunit/data/task-list-macro-input.xml',
  'hallowelt-unhandled-macro':
    'hallowelt__migrate-confluence/tests/phpunit/data/unhandled-macro-input.xml',
  'hallowelt-export-links':
    'hallowelt__migrate-confluence/tests/phpunit/data/FullMigration/SingleSource/input/entities.xml#4',
  'xwiki-codett': 'xwiki-contrib__confluence/confluence-xml/src/test/resources/confluencexml/codett/entities.xml',
  'xwiki-emoji': 'xwiki-contrib__confluence/confluence-xml/src/test/resources/confluencexml/emoji/entities.xml',
  'xwiki-jira': 'xwiki-contrib__confluence/confluence-xml/src/test/resources/confluencexml/jira/entities.xml',
  'xwiki-lists': 'xwiki-contrib__confluence/confluence-xml/src/test/resources/confluencexml/lists/entities.xml',
  'xwiki-macropanel':
    'xwiki-contrib__confluence/confluence-syntax-xhtml/src/test/resources/confluence+xhtml10/specific/macro/macropanel.test',
  'xwiki-table-rowspan':
    'xwiki-contrib__confluence/confluence-syntax-xhtml/src/test/resources/confluence+xhtml10/specific/table/tablecolstylerowspan.test',
  'kafka-eclipse-setup': 'let-sunny__confluence-to-notion/tests/fixtures/converter/27835336.xhtml',
  'kafka-index': 'let-sunny__confluence-to-notion/tests/fixtures/converter/27821303.xhtml',
  'release-checklist': 'let-sunny__confluence-to-notion/tests/fixtures/converter/29130800.xhtml',
  'airbyte-overview-page':
    'airbytehq__airbyte/airbyte-integrations/connectors/source-confluence/integration_tests/expected_records.pages_and_blogposts.excerpt.jsonl#1',
};

const update = process.env.UPDATE_GOLDEN === '1';

describe('golden Markdown of real fixtures', () => {
  it.each(Object.entries(GOLDEN))('%s matches its pinned Markdown', (name, sampleId) => {
    const file = path.join(__dirname, `${name}.md`);
    const markdown = `${storageToMarkdown(sampleById(sampleId).storage)}\n`;
    if (update) writeFileSync(file, markdown);
    expect(markdown).toBe(readFileSync(file, 'utf8'));
  });
});
