import { MAX_TEXT_INPUT_BYTES, readTextInput } from '../../src/cli/text-input';
import { isAppError } from '../../src/errors';

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.catch((e: unknown) => e);
  if (!isAppError(error, 'invalid_input')) throw new Error(`expected invalid_input, got ${error}`);
  return error.message;
}

describe('readTextInput', () => {
  it('joins text chunks, multi-byte characters split across chunks included', async () => {
    const bytes = Buffer.from('<p>café “quoted”</p>\n');

    const text = await readTextInput([bytes.subarray(0, 8), bytes.subarray(8)], 'page.xml');

    expect(text).toBe('<p>café “quoted”</p>\n');
  });

  it('refuses a NUL byte without reading further', async () => {
    let pulled = 0;
    function* endless() {
      for (;;) {
        pulled += 1;
        yield Buffer.from([0x3c, 0x00, 0x70]);
      }
    }

    const message = await refusal(readTextInput(endless(), 'noise.bin'));

    expect(message).toBe(
      'noise.bin is not text (it contains NUL bytes): convert reads Confluence storage format ' +
        '(XHTML) or REST content JSON.',
    );
    expect(pulled).toBe(1);
  });

  it('refuses bytes that are not UTF-8', async () => {
    const message = await refusal(readTextInput([Buffer.from([0x3c, 0xff, 0xfe, 0x70])], 'x'));

    expect(message).toContain('x is not text (it is not UTF-8)');
  });

  it('refuses text that is mostly control characters', async () => {
    const message = await refusal(readTextInput(['<p>\u0001\u0002\u001b[0m</p>'], 'x'));

    expect(message).toMatch(/x is not text \(3 of its \d+ characters are control characters\)/);
  });

  it('accepts tabs, line breaks and the odd control character in a long page', async () => {
    const page = `<p>\tline\r\n</p>${'<p>words</p>'.repeat(20)}\u0007`;

    expect(await readTextInput([page], 'x')).toBe(page);
  });

  it('stops reading once the input passes the limit', async () => {
    let pulled = 0;
    function* endless() {
      for (;;) {
        pulled += 1;
        yield 'abcdefghij';
      }
    }

    const message = await refusal(readTextInput(endless(), 'Standard input', 25));

    expect(message).toMatch(/^Standard input is larger than 0 MB/);
    expect(pulled).toBe(3);
  });

  it('allows 20 MB by default', () => {
    expect(MAX_TEXT_INPUT_BYTES).toBe(20 * 1024 * 1024);
  });
});
