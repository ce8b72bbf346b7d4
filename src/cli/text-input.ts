/**
 * Reads what `convert` converts (a file or standard input) safely: at most
 * {@link MAX_TEXT_INPUT_BYTES}, and only text. Binary data (an image, an archive, /dev/urandom)
 * is refused instead of being turned into control characters, and an endless source is cut off.
 */
import { AppError } from '../errors';

/** The most `convert` reads: 20 MB, ten times the largest page body indexing accepts. */
export const MAX_TEXT_INPUT_BYTES = 20 * 1024 * 1024;

/** Above this share of control characters (other than tab, line feed, carriage return), it is not text. */
const MAX_CONTROL_SHARE = 0.01;

/** C0 controls but tab, line feed and carriage return; DEL; C1 controls. */
function isControl(code: number): boolean {
  if (code < 0x20) return code !== 0x09 && code !== 0x0a && code !== 0x0d;
  return code >= 0x7f && code <= 0x9f;
}

function countControls(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i += 1) if (isControl(text.charCodeAt(i))) count += 1;
  return count;
}

/**
 * Collects `chunks` into a string. Throws `invalid_input` as soon as the input passes `maxBytes`
 * or holds a NUL byte, and after reading when it is not UTF-8 or mostly control characters.
 * `name` is how the messages call the input (a path, or "standard input").
 */
export async function readTextInput(
  chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  name: string,
  maxBytes = MAX_TEXT_INPUT_BYTES,
): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
    size += bytes.length;
    if (size > maxBytes) throw tooLarge(name, maxBytes);
    if (bytes.includes(0)) throw notText(name, 'it contains NUL bytes');
    parts.push(bytes);
  }

  const text = decodeUtf8(Buffer.concat(parts), name);
  const controls = countControls(text);
  if (controls > text.length * MAX_CONTROL_SHARE) {
    throw notText(name, `${controls} of its ${text.length} characters are control characters`);
  }
  return text;
}

/** The error for input known to be too large before reading it (a regular file's size). */
export function tooLarge(name: string, maxBytes = MAX_TEXT_INPUT_BYTES): AppError {
  const megabytes = Math.round(maxBytes / (1024 * 1024));
  return new AppError(
    'invalid_input',
    `${name} is larger than ${megabytes} MB, the most convert reads.`,
    {
      remedies: ['Convert one page, or a smaller REST export, at a time.'],
      details: { maxBytes },
    },
  );
}

function decodeUtf8(bytes: Buffer, name: string): string {
  try {
    // The byte order mark is kept, as reading with the 'utf8' encoding does.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw notText(name, 'it is not UTF-8');
  }
}

function notText(name: string, why: string): AppError {
  return new AppError(
    'invalid_input',
    `${name} is not text (${why}): convert reads Confluence storage format (XHTML) or REST ` +
      'content JSON.',
    {
      remedies: [
        'Check that it is a page export, not an image, an archive or another binary file.',
      ],
    },
  );
}
