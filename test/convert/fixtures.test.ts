/**
 * Every storage body in the real fixtures (`../shared/fixtures/confluence-real`) converts without
 * throwing, and the Markdown is clean: no storage markup, CDATA markers, undecoded entities,
 * leaked macro parameters, non-breaking or trailing spaces, or runs of blank lines.
 */
import { storageToMarkdown } from '../../src/convert/storage-to-markdown';
import { loadStorageSamples, type StorageSample } from './fixture-samples';

const samples = loadStorageSamples();

/** The Markdown with fenced code and code spans blanked (code may hold `&amp;` or blank runs). */
function prose(markdown: string): string {
  return markdown
    .replace(/^(`{3,}|~{3,})[^\n]*\n[\s\S]*?\n\1\s*$/gm, 'CODE')
    .replace(/`+[^`\n]*`+/g, 'CODE');
}

/**
 * Values of parameters that only configure a macro (ids, colours, layout, sizes). Parameters
 * whose value is the content itself (title, key, language, jqlQuery, math body, include target,
 * panel icon) are not listed.
 */
const MEANINGFUL_PARAMETERS = new Set([
  '',
  'title',
  'key',
  'language',
  'jqlquery',
  'body',
  'panelicontext',
]);

function configurationValues(storage: string): string[] {
  const parameter = /<ac:parameter ac:name="([^"]*)">([^<]{6,})<\/ac:parameter>/g;
  // A value that the page also shows elsewhere (a column named "Status") proves nothing.
  const rest = storage.replace(parameter, '');
  return [...storage.matchAll(parameter)]
    .filter((match) => !MEANINGFUL_PARAMETERS.has(match[1].toLowerCase()))
    .map((match) => match[2].trim())
    .filter((value) => !/^(true|false|\d+)$/.test(value) && !rest.includes(value));
}

describe('converting every real fixture', () => {
  it('finds the fixtures beside the repository', () => {
    expect(samples.length).toBeGreaterThanOrEqual(50);
  });

  describe.each(samples.map((sample): [string, StorageSample] => [sample.id, sample]))(
    '%s',
    (_id, sample) => {
      const markdown = storageToMarkdown(sample.storage);

      it('leaves no storage markup or CDATA markers', () => {
        expect(markdown).not.toMatch(/<\/?(ac|ri):[a-z]/i);
        expect(markdown).not.toMatch(/\b(ac|ri):[a-z-]+=/i);
        expect(markdown).not.toContain('<![CDATA[');
        expect(prose(markdown)).not.toContain(']]>');
      });

      it('decodes every entity', () => {
        expect(prose(markdown)).not.toMatch(/&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i);
      });

      it('is tidy: no non-breaking or trailing spaces, single blank lines', () => {
        expect(markdown).not.toContain('\u00a0');
        expect(markdown).not.toMatch(/[ \t]+$/m);
        expect(prose(markdown)).not.toMatch(/\n{3,}/);
        expect(markdown).toBe(markdown.trim());
      });

      it('shows no value of a configuration parameter', () => {
        for (const value of configurationValues(sample.storage)) {
          expect(markdown).not.toContain(value);
        }
      });
    },
  );
});
