import {
  MAX_CONFLUENCE_TEXT,
  createTextSanitiser,
  credentialForms,
} from '../../src/confluence/confluence-text';

const PAT = 'NjQ2Mzk4OTg1/NDk0OmE0Zm+xyz=';
const EMAIL = 'alice@example.com';
const API_TOKEN = 'ATATT3xFfGF0-cloud-token-value';
const BASIC = Buffer.from(`${EMAIL}:${API_TOKEN}`).toString('base64');

describe('credentialForms', () => {
  it('lists a Bearer header, its token and their URL-encoded forms, longest first', () => {
    const forms = credentialForms(`Bearer ${PAT}`);
    expect([...forms].sort()).toEqual(
      [`Bearer ${PAT}`, PAT, encodeURIComponent(`Bearer ${PAT}`), encodeURIComponent(PAT)].sort(),
    );
    expect(forms.map((f) => f.length)).toEqual(forms.map((f) => f.length).sort((a, b) => b - a));
  });

  it('lists a Basic header, its base64, the decoded email:token and the token alone', () => {
    expect(credentialForms(`Basic ${BASIC}`)).toEqual(
      expect.arrayContaining([`Basic ${BASIC}`, BASIC, `${EMAIL}:${API_TOKEN}`, API_TOKEN]),
    );
  });
});

describe('createTextSanitiser', () => {
  const bearer = createTextSanitiser(`Bearer ${PAT}`);
  const basic = createTextSanitiser(`Basic ${BASIC}`);

  it.each([
    [`Request with header Authorization: Bearer ${PAT} denied`],
    [`invalid token ${PAT}`],
    [`token=${encodeURIComponent(PAT)} refused`],
  ])('removes the Bearer token from %s', (text) => {
    const out = bearer(text);
    expect(out).not.toContain(PAT.slice(0, 12));
    expect(out).toContain('[redacted]');
  });

  it.each([
    [`Authorization: Basic ${BASIC}`],
    [`user ${EMAIL}:${API_TOKEN} rejected`],
    [`the API token ${API_TOKEN} has expired`],
  ])('removes the Basic credentials from %s', (text) => {
    const out = basic(text);
    expect(out).not.toContain(API_TOKEN);
    expect(out).not.toContain(BASIC);
  });

  it('removes secret shapes that are not this connection’s own (a Slack token)', () => {
    expect(bearer('proxy saw xoxb-1234-5678-abcdef')).toBe('proxy saw xox?-[redacted]');
  });

  it(`cuts long text to ${MAX_CONFLUENCE_TEXT} characters, after removing the token`, () => {
    const out = bearer(`${'x'.repeat(MAX_CONFLUENCE_TEXT - 5)} ${PAT}`);
    expect(out).toHaveLength(MAX_CONFLUENCE_TEXT + 1);
    expect(out.endsWith('…')).toBe(true);
    expect(out).not.toContain(PAT.slice(0, 4));
  });

  it('keeps an ordinary message as it is, with its white space collapsed', () => {
    expect(bearer('No space found with key : OPS\n  ')).toBe('No space found with key : OPS');
  });
});
