/**
 * The CQL functions Confluence documents, which fields and operators each fits, and their
 * argument checks. Read by the semantic checks (`semantics.ts`) and the parser (for the
 * documented spelling of a name).
 */
import type { CqlNumber, CqlOperator, CqlString } from './ast';
import type { FieldKind } from './fields';

export interface FunctionSpec {
  /** Documented spelling. */
  name: string;
  /** Field kinds the function's result can be compared with. */
  kinds: readonly FieldKind[];
  /** Operators it works with. Functions returning several values only work with IN / NOT IN. */
  operators: readonly CqlOperator[];
  /** How to call it, for messages. */
  usage: string;
  /** Returns a problem with the arguments in plain words, or `null` when they are fine. */
  checkArgs(args: ReadonlyArray<CqlString | CqlNumber>): ArgumentProblem | null;
}

export interface ArgumentProblem {
  /** Index of the offending argument, or `null` when the count is wrong. */
  index: number | null;
  message: string;
}

const SINGLE: readonly CqlOperator[] = ['=', '!=', 'in', 'not in'];
const MULTIPLE: readonly CqlOperator[] = ['in', 'not in'];
const DATE_OPERATORS: readonly CqlOperator[] = ['=', '!=', '>', '>=', '<', '<='];

/** `(+/-)nn(y|M|w|d|h|m)`; the sign defaults to +, the unit to the function's natural period. */
const INCREMENT = /^[+-]?\d+[yMwdhm]?$/;

function noArgs(name: string) {
  return (args: ReadonlyArray<unknown>): ArgumentProblem | null =>
    args.length === 0 ? null : { index: null, message: `${name}() takes no arguments.` };
}

function optionalIncrement(name: string) {
  return (args: ReadonlyArray<CqlString | CqlNumber>): ArgumentProblem | null => {
    if (args.length > 1) {
      return { index: null, message: `${name}() takes at most one increment, e.g. "-1w".` };
    }
    if (args.length === 1 && !INCREMENT.test(argText(args[0]))) {
      return {
        index: 0,
        message:
          `"${argText(args[0])}" is not an increment for ${name}(): write (+/-)nn followed by ` +
          'y, M, w, d, h or m, e.g. "-4w" or "+1d".',
      };
    }
    return null;
  };
}

function positiveCount(arg: CqlString | CqlNumber): boolean {
  return /^\d+$/.test(argText(arg)) && Number(argText(arg)) > 0;
}

function argText(arg: CqlString | CqlNumber): string {
  return arg.kind === 'number' ? arg.raw : arg.value.trim();
}

function dateFunction(name: string): FunctionSpec {
  return {
    name,
    kinds: ['date'],
    operators: DATE_OPERATORS,
    usage: `${name}() or ${name}("-1w")`,
    checkArgs: optionalIncrement(name),
  };
}

const FUNCTION_LIST: FunctionSpec[] = [
  {
    name: 'currentUser',
    kinds: ['user'],
    operators: SINGLE,
    usage: 'currentUser()',
    checkArgs: noArgs('currentUser'),
  },
  dateFunction('now'),
  ...['Day', 'Week', 'Month', 'Year'].flatMap((unit) => [
    dateFunction(`startOf${unit}`),
    dateFunction(`endOf${unit}`),
  ]),
  {
    name: 'favouriteSpaces',
    kinds: ['space'],
    operators: MULTIPLE,
    usage: 'space IN favouriteSpaces()',
    checkArgs: noArgs('favouriteSpaces'),
  },
  {
    name: 'recentlyViewedSpaces',
    kinds: ['space'],
    operators: MULTIPLE,
    usage: 'space IN recentlyViewedSpaces(10)',
    checkArgs: (args) =>
      args.length === 1 && positiveCount(args[0])
        ? null
        : countProblem('recentlyViewedSpaces', args),
  },
  {
    name: 'recentlyViewedContent',
    kinds: ['content'],
    operators: MULTIPLE,
    usage: 'id IN recentlyViewedContent(10) or recentlyViewedContent(10, "-1w", "0d")',
    checkArgs: checkRecentlyViewedContent,
  },
  {
    name: 'currentSpace',
    kinds: ['space'],
    operators: SINGLE,
    usage: 'space = currentSpace()',
    checkArgs: noArgs('currentSpace'),
  },
  {
    name: 'currentContent',
    kinds: ['content'],
    operators: SINGLE,
    usage: 'ancestor = currentContent()',
    checkArgs: noArgs('currentContent'),
  },
];

function countProblem(name: string, args: ReadonlyArray<CqlString | CqlNumber>): ArgumentProblem {
  if (args.length !== 1) {
    return { index: null, message: `${name}() takes one argument: how many, e.g. ${name}(10).` };
  }
  return { index: 0, message: `${name}() needs a positive whole number, e.g. ${name}(10).` };
}

/** `recentlyViewedContent(limit[, fromDate[, toDate]])` with relative dates such as "-1w". */
function checkRecentlyViewedContent(
  args: ReadonlyArray<CqlString | CqlNumber>,
): ArgumentProblem | null {
  const name = 'recentlyViewedContent';
  if (args.length < 1 || args.length > 3) {
    return {
      index: null,
      message: `${name}() takes a count and optionally two relative dates, e.g. ${name}(10, "-1w").`,
    };
  }
  if (!positiveCount(args[0])) return countProblem(name, args.slice(0, 1));
  const bad = args.findIndex((arg, i) => i > 0 && !INCREMENT.test(argText(arg)));
  if (bad > 0) {
    return {
      index: bad,
      message: `"${argText(args[bad])}" is not a relative date for ${name}(): write e.g. "-1w".`,
    };
  }
  return null;
}

const BY_NAME = new Map(FUNCTION_LIST.map((f) => [f.name.toLowerCase(), f]));
BY_NAME.set('favoritespaces', BY_NAME.get('favouritespaces') as FunctionSpec);

/** The function with this name (any case; the American `favoriteSpaces` too), if documented. */
export function functionSpec(name: string): FunctionSpec | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** The documented spelling of a function name, or the name as written when unknown. */
export function canonicalFunctionName(name: string): string {
  return functionSpec(name)?.name ?? name;
}

/** Every documented function name, for "did you mean" suggestions. */
export function knownFunctionNames(): string[] {
  return FUNCTION_LIST.map((f) => f.name);
}
