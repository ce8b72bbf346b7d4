import { credentialRemedies } from '../../src/confluence/errors';
import { forTerminal, serializedForTerminal } from '../../src/cli/remedies';
import { AppError } from '../../src/errors';

const DC = {
  deployment: 'datacenter' as const,
  baseUrl: 'https://wiki.example.test',
  emailGiven: false,
};

describe('forTerminal', () => {
  it('replaces "update the integration" with the token to set, keeping specific advice', () => {
    const error = new AppError('auth_failed', 'Confluence did not accept the credentials.', {
      remedies: [
        'Use a personal access token, not a password.',
        ...credentialRemedies('datacenter'),
      ],
    });

    const remedies = forTerminal(error, DC).remedies;

    expect(remedies[0]).toBe('Use a personal access token, not a password.');
    expect(remedies.at(-1)).toMatch(/^Set CONFLUENCE_TOKEN to a valid token: a personal access/);
    expect(remedies.join(' ')).not.toContain('integration');
  });

  it('names the email for Cloud', () => {
    const error = new AppError('auth_failed', 'No.', { remedies: credentialRemedies('cloud') });

    const remedies = forTerminal(error, { ...DC, deployment: 'cloud', emailGiven: true }).remedies;

    expect(remedies).toHaveLength(1);
    expect(remedies[0]).toMatch(/^Set CONFLUENCE_TOKEN to a valid token: an API token .* --email/);
  });

  it('asks whether a /wiki site reached without --email is Cloud', () => {
    const error = new AppError('auth_failed', 'No.', {
      remedies: credentialRemedies('datacenter'),
    });

    const remedies = forTerminal(error, {
      ...DC,
      baseUrl: 'https://wiki.example.test/wiki',
    }).remedies;

    expect(remedies[0]).toMatch(/^Is this Confluence Cloud\? Pass --email/);
  });

  it('does not ask about Cloud for another context path or when --email was given', () => {
    const error = new AppError('auth_failed', 'No.');

    const dc = forTerminal(error, { ...DC, baseUrl: 'https://wiki.example.test/confluence' });
    const cloud = forTerminal(error, {
      deployment: 'cloud',
      baseUrl: 'https://wiki.example.test/wiki',
      emailGiven: true,
    });

    expect(dc.remedies.join(' ')).not.toContain('Is this Confluence Cloud');
    expect(cloud.remedies.join(' ')).not.toContain('Is this Confluence Cloud');
  });

  it('points a private address at CONFLUENCE_ALLOWED_PRIVATE instead of "whoever runs the bot"', () => {
    const error = new AppError('blocked_address', 'Will not contact 10.1.2.3.', {
      details: { host: 'wiki.corp', address: '10.1.2.3' },
      remedies: ['Ask whoever runs the bot to add it.'],
    });

    const remedies = forTerminal(error).remedies;

    expect(remedies).toEqual([expect.stringContaining('CONFLUENCE_ALLOWED_PRIVATE=wiki.corp')]);
  });

  it('points plain http at CONFLUENCE_ALLOW_HTTP and a foreign redirect at --url', () => {
    const http = new AppError('blocked_address', 'Only https.', { details: { protocol: 'http:' } });
    const moved = new AppError('blocked_address', 'Elsewhere.', {
      details: { host: 'b', expectedHost: 'a' },
    });

    expect(forTerminal(http).remedies[0]).toContain('CONFLUENCE_ALLOW_HTTP=true');
    expect(forTerminal(moved).remedies[0]).toContain('--url');
  });

  it('leaves other errors as they are, code, message and details included', () => {
    const error = new AppError('timeout', 'Too slow.', { remedies: ['Try again later.'] });

    expect(forTerminal(error, DC)).toBe(error);
  });

  it('translates the error a run stored too', () => {
    const stored = new AppError('auth_failed', 'No.', {
      remedies: credentialRemedies('datacenter'),
    }).toJSON();

    const translated = serializedForTerminal(stored, DC);

    expect(translated).toMatchObject({ code: 'auth_failed', message: 'No.' });
    expect(translated.remedies.join(' ')).toContain('Set CONFLUENCE_TOKEN to a valid token');
  });
});
