import { joinLink, normalizeBaseUrl } from '../../src/confluence/base-url';

describe('normalizeBaseUrl', () => {
  const table: Array<[string, string, 'cloud' | 'datacenter']> = [
    ['https://acme.atlassian.net', 'https://acme.atlassian.net/wiki', 'cloud'],
    ['https://acme.atlassian.net/wiki', 'https://acme.atlassian.net/wiki', 'cloud'],
    ['https://acme.atlassian.net/wiki/', 'https://acme.atlassian.net/wiki', 'cloud'],
    ['acme.atlassian.net', 'https://acme.atlassian.net/wiki', 'cloud'],
    ['HTTPS://ACME.Atlassian.NET/WIKI', 'https://acme.atlassian.net/wiki', 'cloud'],
    ['http://acme.atlassian.net/wiki', 'https://acme.atlassian.net/wiki', 'cloud'],
    [
      'https://acme.atlassian.net/wiki/spaces/DOCS/pages/123/Deploy+runbook?focus=1#section',
      'https://acme.atlassian.net/wiki',
      'cloud',
    ],
    ['https://acme.atlassian.net/wiki/x/Fc1bBw', 'https://acme.atlassian.net/wiki', 'cloud'],
    ['https://wiki.corp', 'https://wiki.corp', 'datacenter'],
    ['https://wiki.corp/', 'https://wiki.corp', 'datacenter'],
    ['wiki.corp/confluence', 'https://wiki.corp/confluence', 'datacenter'],
    ['https://Wiki.Corp:8443/confluence///', 'https://wiki.corp:8443/confluence', 'datacenter'],
    [
      'https://wiki.corp/confluence/display/DOCS/Runbook',
      'https://wiki.corp/confluence',
      'datacenter',
    ],
    ['https://wiki.corp/display/DOCS', 'https://wiki.corp', 'datacenter'],
    [
      'https://wiki.corp/confluence/pages/viewpage.action?pageId=123',
      'https://wiki.corp/confluence',
      'datacenter',
    ],
    ['https://wiki.corp/x/AwAG', 'https://wiki.corp', 'datacenter'],
    ['https://wiki.corp/wiki/spaces/DOCS/overview', 'https://wiki.corp/wiki', 'datacenter'],
    [
      'https://wiki.corp/confluence/dashboard.action#all',
      'https://wiki.corp/confluence',
      'datacenter',
    ],
    [
      'https://wiki.corp/confluence/rest/api/content/search?cql=x',
      'https://wiki.corp/confluence',
      'datacenter',
    ],
    ['http://10.0.0.5:8090', 'http://10.0.0.5:8090', 'datacenter'],
  ];

  it.each(table)('normalises %s to %s (%s)', (input, baseUrl, deployment) => {
    expect(normalizeBaseUrl(input)).toEqual({ baseUrl, deployment });
  });

  it('keeps the scheme of a Cloud site on a custom host, leaving http to the address guard', () => {
    expect(normalizeBaseUrl('http://127.0.0.1:8080/wiki/spaces/X', 'cloud')).toEqual({
      baseUrl: 'http://127.0.0.1:8080/wiki',
      deployment: 'cloud',
    });
  });

  it('keeps an explicit Cloud deployment for a custom domain, under /wiki', () => {
    expect(normalizeBaseUrl('https://docs.example.com/wiki/spaces/X', 'cloud')).toEqual({
      baseUrl: 'https://docs.example.com/wiki',
      deployment: 'cloud',
    });
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['https://user:secret@wiki.corp', /user name or password/],
    ['ftp://wiki.corp', /https/],
    ['https://', /not a valid URL|no host/],
    ['http://exa mple.com', /not a valid URL/],
  ])('refuses %j as invalid input', (input, message) => {
    expect(() => normalizeBaseUrl(input)).toThrow(
      expect.objectContaining({ code: 'invalid_input', message: expect.stringMatching(message) }),
    );
  });

  it('names both accepted schemes for an unknown one, without saying http is refused', () => {
    const refusal = (() => {
      try {
        normalizeBaseUrl('htp://wiki.corp');
      } catch (error) {
        return error as { code: string; message: string; remedies: string[] };
      }
      throw new Error('expected a refusal');
    })();
    expect(refusal.code).toBe('invalid_input');
    expect(refusal.message).toContain('must start with https:// or http://');
    expect(refusal.message).toContain('htp://');
    expect(refusal.remedies.join(' ')).not.toMatch(/only https|https:\/\/ address/i);
  });

  it.each(['htp:/127.0.0.1', 'htps:wiki.corp', 'ftp:/wiki.corp'])(
    'refuses the mistyped scheme of %j instead of reading it as a host name',
    (input) => {
      expect(() => normalizeBaseUrl(input)).toThrow(
        expect.objectContaining({
          code: 'invalid_input',
          message: expect.stringContaining('must start with https:// or http://'),
        }),
      );
    },
  );

  it('still reads host:port without a scheme as an https address', () => {
    expect(normalizeBaseUrl('wiki.corp:8090/confluence').baseUrl).toBe(
      'https://wiki.corp:8090/confluence',
    );
  });

  it('never repeats a password from the URL in its error', () => {
    try {
      normalizeBaseUrl('https://user:hunter2@wiki.corp');
      throw new Error('expected a refusal');
    } catch (error) {
      expect(JSON.stringify(error)).not.toContain('hunter2');
      expect((error as Error).message).not.toContain('hunter2');
    }
  });

  it('refuses Data Center for an atlassian.net host', () => {
    expect(() => normalizeBaseUrl('https://acme.atlassian.net', 'datacenter')).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });
});

describe('joinLink', () => {
  it('appends a relative link to the base Confluence returned, context path included', () => {
    expect(joinLink('https://acme.atlassian.net/wiki', '/spaces/DOCS/pages/1/A+B')).toBe(
      'https://acme.atlassian.net/wiki/spaces/DOCS/pages/1/A+B',
    );
    expect(joinLink('https://wiki.corp/confluence/', '/display/DOCS/Home')).toBe(
      'https://wiki.corp/confluence/display/DOCS/Home',
    );
  });

  it('keeps absolute links as they are', () => {
    expect(joinLink('https://wiki.corp', 'https://wiki.corp/x/AwAG')).toBe(
      'https://wiki.corp/x/AwAG',
    );
  });
});

describe('normalizeBaseUrl with a password in a malformed URL', () => {
  it('drops the credentials from the message', () => {
    expect(() => normalizeBaseUrl('https://me:hunter2@exa mple.com')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    );
  });
});

describe('normalizeBaseUrl with a token holding "/" (the URL breaks inside it)', () => {
  const TOKEN = 'NjQ2Mzk4OTg1/NDk0OmE0Zm';

  function refusalOf(input: string): Error {
    try {
      normalizeBaseUrl(input);
    } catch (error) {
      return error as Error;
    }
    throw new Error(`expected ${input} to be refused`);
  }

  it.each([
    `https://me:${TOKEN}@wiki.example.com`,
    `https://me:${TOKEN}@wiki.example.com/confluence`,
    `wiki.example.com:${TOKEN}@x`,
  ])('refuses %s without repeating any part of the token', (input) => {
    const error = refusalOf(input);
    expect(error).toMatchObject({ code: 'invalid_input' });
    for (const part of TOKEN.split('/')) {
      expect(error.message).not.toContain(part);
      expect(JSON.stringify(error)).not.toContain(part);
    }
  });

  it('names only what follows the last "@" and says why the rest is left out', () => {
    expect(refusalOf(`https://me:${TOKEN}@wiki.example.com/confluence`).message).toBe(
      '"…@wiki.example.com/confluence" is not a valid URL, and the part before "@" looks like ' +
        'a user name and password (not repeated here).',
    );
  });

  it('refuses a token that parses as a port and a path ("me:123/to@ken@host")', () => {
    const error = refusalOf('https://me:123/to@ken@wiki.example.com');
    expect(error).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/"@"/) });
    expect(error.message).not.toContain('ken');
  });
});
