import { createTextSanitiser } from '../../src/confluence/confluence-text';
import {
  errorFromResponse,
  stripJavaPrefix,
  type ResponseFacts,
} from '../../src/confluence/errors';

const TOKEN = 'test-token-0123456789';

function facts(overrides: Partial<ResponseFacts>): ResponseFacts {
  return {
    status: 400,
    headers: {},
    bodyText: '',
    deployment: 'cloud',
    subject: { kind: 'other' },
    sanitise: createTextSanitiser(`Bearer ${TOKEN}`),
    ...overrides,
  };
}

describe('stripJavaPrefix', () => {
  it.each([
    [
      'com.atlassian.confluence.api.service.exceptions.BadRequestException: Could not parse cql : a',
      'Could not parse cql : a',
    ],
    [
      'com.atlassian.confluence.api.service.exceptions.api.NotFoundException: No content found with id : 9',
      'No content found with id : 9',
    ],
    [
      'org.springframework.web.server.ResponseStatusException: 404 NOT_FOUND "No space found with key : X"',
      'No space found with key : X',
    ],
    ['Could not parse cql : x', 'Could not parse cql : x'],
  ])('turns %s into %s', (input, output) => {
    expect(stripJavaPrefix(input)).toBe(output);
  });
});

describe('errorFromResponse', () => {
  it('keeps the reason of a CQL 400 without the Java class', () => {
    const error = errorFromResponse(
      facts({
        json: {
          statusCode: 400,
          message:
            'com.atlassian.confluence.api.service.exceptions.BadRequestException: Could not parse cql : foo = bar',
        },
        subject: { kind: 'search', cql: 'foo = bar' },
      }),
    );
    expect(error.code).toBe('invalid_cql');
    expect(error.details.reason).toBe('Could not parse cql : foo = bar');
    expect(error.message).not.toContain('BadRequestException');
  });

  it('reads the 403 "caller cannot access Confluence" envelope as failed authentication', () => {
    const error = errorFromResponse(
      facts({
        status: 403,
        json: {
          statusCode: 403,
          message:
            'com.atlassian.confluence.mvc.rest.common.exception.StacklessResponseStatusException: 403 FORBIDDEN "Request rejected because caller cannot access Confluence"',
        },
      }),
    );
    expect(error.code).toBe('auth_failed');
    expect(error.remedies[0]).toMatch(/Create a new API token at https:\/\/id\.atlassian\.com/);
  });

  it('treats other 403s as a permission refusal naming the space', () => {
    const error = errorFromResponse(
      facts({ status: 403, json: { message: 'nope' }, subject: { kind: 'space', key: 'OPS' } }),
    );
    expect(error.code).toBe('permission_denied');
    expect(error.remedies[0]).toBe('Ask a Confluence admin to grant you access to space OPS.');
  });

  it('maps 404 to not_found with the page id', () => {
    const error = errorFromResponse(
      facts({ status: 404, json: { statusCode: 404 }, subject: { kind: 'content', id: '42' } }),
    );
    expect(error.code).toBe('not_found');
    expect(error.message).toContain('page 42');
  });

  it('maps a 404 web page to bad_response pointing at the URL', () => {
    const error = errorFromResponse(facts({ status: 404, bodyText: '<html>Not Found</html>' }));
    expect(error.code).toBe('bad_response');
    expect(error.remedies.join(' ')).toMatch(/context path/);
  });

  it('gives Data Center token remedies for Data Center', () => {
    const error = errorFromResponse(
      facts({ status: 401, deployment: 'datacenter', bodyText: '<html>401</html>' }),
    );
    expect(error.code).toBe('auth_failed');
    expect(error.remedies.join(' ')).toMatch(/personal access token/);
  });
});

describe('errorFromResponse with an envelope that echoes the token', () => {
  const echoes = [
    `Request with header Authorization: Bearer ${TOKEN} denied`,
    `invalid token ${TOKEN}`,
  ];
  const cases: Array<[string, Partial<ResponseFacts>, string]> = [
    ['403 (permission refusal)', { status: 403 }, 'permission_denied'],
    ['500 (server error)', { status: 500 }, 'server_error'],
    [
      '400 on a search (invalid CQL)',
      { status: 400, subject: { kind: 'search', cql: 'x' } },
      'invalid_cql',
    ],
    ['400 elsewhere (invalid input)', { status: 400 }, 'invalid_input'],
    ['401 naming a scope', { status: 401 }, 'auth_failed'],
    ['409 (unexpected status)', { status: 409 }, 'bad_response'],
  ];

  it.each(cases)('a %s keeps the token out of the message and details', (_, over, code) => {
    for (const echo of echoes) {
      const message = over.status === 401 ? `scope missing: ${echo}` : echo;
      const error = errorFromResponse(facts({ ...over, json: { message } }));
      expect(error.code).toBe(code);
      expect(error.message).not.toContain(TOKEN);
      expect(JSON.stringify(error)).not.toContain(TOKEN);
    }
  });

  it('still says what Confluence said around the token', () => {
    const error = errorFromResponse(facts({ status: 403, json: { message: echoes[1] } }));
    expect(error.message).toBe(
      'Confluence refused access to the resource: invalid token [redacted]',
    );
  });
});
