/**
 * CQL parsing speed: `parseCql` (syntax and meaning checks) on queries a data source is made of,
 * the queries the product itself builds (incremental windows, body fetches by id), and mistakes a
 * person types, which take the error path with its explanation and remedies.
 */
import { parseCql } from '../src/cql';
import type { Benchmark } from './benchmark';
import { count, duration, perSecond, printNote, printTable } from './report';
import { now } from './stats';

const BUDGET_MS = 1500;

const IDS = Array.from({ length: 25 }, (_, i) => 1_000_001 + i * 7).join(',');

/** Queries people write for a data source, and the ones indexing derives from them. */
const VALID = [
  'space = ENG',
  'space in (ENG, OPS, "HR") and type = page',
  'space = ENG and label = runbook',
  'space = OPS and label in (runbook, "on-call", incident) and label not in (archived)',
  'ancestor = 98304 and type in (page, blogpost)',
  'space = ENG and title ~ "design doc*" and creator != currentUser()',
  'type = blogpost and created >= startOfYear() order by created desc',
  'space = KB and lastmodified > now("-12w") order by lastmodified desc, title asc',
  '(space = ENG or space = PLATFORM) and not (label = draft or label = obsolete)',
  'space.type = global and type = page and text ~ "release process"',
  'parent in (65538, 65540, 65542) and label = "api-reference"',
  'space = DOCS and macro in (jira, code) and contributor = jsmith',
  '(space = ENG and label = runbook) AND lastmodified >= "2024-05-01 07:30"',
  '(space in (ENG, OPS) and type = page) AND lastmodified >= "2024-05-01 07:30" ORDER BY created',
  `id in (${IDS})`,
];

/** Typing mistakes: each is refused with a position, an explanation and remedies. */
const INVALID = [
  'space = ENG and',
  'space = "ENG and type = page',
  'spce = ENG',
  'space = ENG and (label = a or label = b',
  'lastmodified > now("-4w"',
  'space == ENG',
  'type = pgae',
  'space = ENG order by',
  'cql=space%20%3D%20ENG&limit=25',
  'space = ENG and lastmodified > yesterday()',
];

/** Parses the queries in turn until the budget is spent; returns calls made and elapsed ms. */
function parseFor(queries: readonly string[], budgetMs: number): { calls: number; ms: number } {
  let calls = 0;
  const started = now();
  while (now() - started < budgetMs) {
    for (const cql of queries) {
      try {
        parseCql(cql);
      } catch {
        // Refusals are what the invalid set measures.
      }
      calls++;
    }
  }
  return { calls, ms: now() - started };
}

/** Checks the sets are what they claim before timing them. */
function checkSets(): void {
  const refuses = (cql: string) => {
    try {
      parseCql(cql);
      return false;
    } catch {
      return true;
    }
  };
  const wrong = [...VALID.filter(refuses), ...INVALID.filter((cql) => !refuses(cql))];
  if (wrong.length > 0) throw new Error(`CQL benchmark sets are wrong for: ${wrong.join(' | ')}`);
}

async function run(): Promise<string> {
  checkSets();
  parseFor([...VALID, ...INVALID], 200);

  const valid = parseFor(VALID, BUDGET_MS);
  const invalid = parseFor(INVALID, BUDGET_MS);
  const longest = VALID.reduce((a, b) => (b.length > a.length ? b : a));
  const longestRun = parseFor([longest], BUDGET_MS / 3);
  printTable({
    title: `CQL parsing: parseCql, ${VALID.length} valid and ${INVALID.length} invalid queries`,
    headers: ['set', 'calls', 'rate', 'per call'],
    rows: [
      [
        'valid (accepted)',
        count(valid.calls),
        perSecond(valid.calls, valid.ms),
        duration(valid.ms / valid.calls),
      ],
      [
        'invalid (refused, with remedies)',
        count(invalid.calls),
        perSecond(invalid.calls, invalid.ms),
        duration(invalid.ms / invalid.calls),
      ],
      [
        `longest valid (${longest.length} chars)`,
        count(longestRun.calls),
        perSecond(longestRun.calls, longestRun.ms),
        duration(longestRun.ms / longestRun.calls),
      ],
    ],
  });
  printNote(`each set parsed in a loop for ${BUDGET_MS} ms after a short warm-up`);

  return (
    `${perSecond(valid.calls, valid.ms)} valid parses, ` +
    `${perSecond(invalid.calls, invalid.ms)} refusals`
  );
}

export const cqlBenchmark: Benchmark = { name: 'cql', run };
