/**
 * Starts the fake Confluence by hand, for trying the bot or the command line against it:
 *
 *   npm run fake-confluence -- --mode datacenter --port 8090 --context-path /confluence
 *   node dist/test/fakes/confluence/run.js --mode cloud        (after npm run build)
 *
 * Prints the base URL and working credentials, then serves until Ctrl-C. Loopback only, plain
 * http: run the bot with CONFLUENCE_ALLOW_HTTP=true and CONFLUENCE_ALLOWED_PRIVATE=127.0.0.1.
 */
import { Command, Option } from 'commander';
import { startFakeConfluence } from './server';

async function main(argv: string[]): Promise<void> {
  const options = new Command('fake-confluence')
    .description('Serve a fake Confluence (Cloud or Data Center) on 127.0.0.1')
    .addOption(
      new Option('--mode <mode>', 'deployment').choices(['cloud', 'datacenter']).default('cloud'),
    )
    .option('--port <port>', 'port to listen on (0: any free port)', '0')
    .option('--context-path <path>', 'Data Center context path, e.g. /confluence', '')
    .option('--public-site', 'Cloud: serve bad or missing credentials as anonymous', false)
    .parse(argv)
    .opts<{
      mode: 'cloud' | 'datacenter';
      port: string;
      contextPath: string;
      publicSite: boolean;
    }>();

  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a number between 0 and 65535 (got ${options.port})`);
  }
  const fake = await startFakeConfluence({
    mode: options.mode,
    port,
    contextPath: options.contextPath,
    publicSite: options.publicSite,
  });

  console.log(`Fake Confluence (${fake.mode}) at ${fake.baseUrl}`);
  if (fake.auth.kind === 'basic') {
    console.log(`  email: ${fake.auth.email}\n  API token: ${fake.auth.token}`);
  } else {
    console.log(`  personal access token: ${fake.auth.token}`);
  }
  console.log('Press Ctrl-C to stop.');

  const stop = () => {
    fake.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
