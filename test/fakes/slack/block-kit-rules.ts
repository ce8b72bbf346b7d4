/**
 * Block Kit limits as Slack enforces them, for the fake Web API: returns the problems Slack would
 * list in `response_metadata.messages` (empty when the surface is valid). Written from the limits
 * table in `shared/reference/slack-platform.md` §2, independently of the app's own helpers, so that
 * a helper that forgets a limit is caught here.
 */

type Json = Record<string, unknown>;

const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  viewTitle: 24,
  privateMetadata: 3000,
  callbackId: 255,
  blockId: 255,
  actionId: 255,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  inputLabel: 2000,
  inputHint: 2000,
  placeholder: 150,
  optionText: 75,
  optionValue: 75,
  options: 100,
  actionsElements: 25,
  contextElements: 10,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  plainTextInputLength: 3000,
} as const;

export function checkView(view: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(view)) return ['[ERROR] missing required field: view'];
  const type = view.type;
  if (type !== 'modal' && type !== 'home') problems.push(`[ERROR] unknown view type: ${type}`);
  const blocks = Array.isArray(view.blocks) ? view.blocks : [];
  if (blocks.length > LIMITS.viewBlocks) {
    problems.push(`[ERROR] no more than ${LIMITS.viewBlocks} items allowed [json-pointer:/blocks]`);
  }
  if (type === 'modal') {
    checkPlainText(view.title, LIMITS.viewTitle, '/title', problems, true);
    checkPlainText(view.submit, LIMITS.viewTitle, '/submit', problems, false);
    checkPlainText(view.close, LIMITS.viewTitle, '/close', problems, false);
    const hasInput = blocks.some((b) => isObject(b) && b.type === 'input');
    if (hasInput && !view.submit) {
      problems.push(
        '[ERROR] submit is required when a view has input blocks [json-pointer:/submit]',
      );
    }
  }
  if (typeof view.private_metadata === 'string') {
    if (view.private_metadata.length > LIMITS.privateMetadata) {
      problems.push(
        `[ERROR] must be less than ${LIMITS.privateMetadata} characters [json-pointer:/private_metadata]`,
      );
    }
  }
  if (typeof view.callback_id === 'string' && view.callback_id.length > LIMITS.callbackId) {
    problems.push('[ERROR] callback_id too long [json-pointer:/callback_id]');
  }
  checkBlocks(blocks, problems);
  return problems;
}

export function checkMessageBlocks(blocks: unknown): string[] {
  if (blocks === undefined) return [];
  if (!Array.isArray(blocks)) return ['[ERROR] blocks must be an array'];
  const problems: string[] = [];
  if (blocks.length > LIMITS.messageBlocks) {
    problems.push(
      `[ERROR] no more than ${LIMITS.messageBlocks} items allowed [json-pointer:/blocks]`,
    );
  }
  checkBlocks(blocks, problems);
  for (const block of blocks) {
    if (isObject(block) && block.type === 'input') {
      problems.push('[ERROR] input blocks are not allowed in messages');
    }
  }
  return problems;
}

function checkBlocks(blocks: unknown[], problems: string[]): void {
  const seen = new Set<string>();
  blocks.forEach((block, i) => {
    const at = `/blocks/${i}`;
    if (!isObject(block)) {
      problems.push(`[ERROR] block must be an object [json-pointer:${at}]`);
      return;
    }
    if (typeof block.block_id === 'string') {
      if (seen.has(block.block_id)) {
        problems.push(`[ERROR] duplicate block_id ${block.block_id} [json-pointer:${at}]`);
      }
      seen.add(block.block_id);
      if (block.block_id.length > LIMITS.blockId)
        problems.push(`[ERROR] block_id too long [json-pointer:${at}]`);
    }
    checkBlock(block, at, problems);
  });
}

function checkBlock(block: Json, at: string, problems: string[]): void {
  switch (block.type) {
    case 'section':
      if (block.text === undefined && block.fields === undefined) {
        problems.push(`[ERROR] section needs text or fields [json-pointer:${at}]`);
      }
      if (block.text !== undefined)
        checkText(block.text, LIMITS.sectionText, `${at}/text`, problems, 1);
      if (Array.isArray(block.fields)) {
        if (block.fields.length > LIMITS.sectionFields) {
          problems.push(
            `[ERROR] no more than ${LIMITS.sectionFields} fields [json-pointer:${at}/fields]`,
          );
        }
        block.fields.forEach((f, j) =>
          checkText(f, LIMITS.sectionFieldText, `${at}/fields/${j}`, problems, 1),
        );
      }
      if (block.accessory !== undefined) checkElement(block.accessory, `${at}/accessory`, problems);
      return;
    case 'header':
      checkPlainText(block.text, LIMITS.headerText, `${at}/text`, problems, true);
      return;
    case 'divider':
      return;
    case 'context':
      if (!Array.isArray(block.elements) || block.elements.length === 0) {
        problems.push(`[ERROR] context needs elements [json-pointer:${at}/elements]`);
        return;
      }
      if (block.elements.length > LIMITS.contextElements) {
        problems.push(
          `[ERROR] no more than ${LIMITS.contextElements} items [json-pointer:${at}/elements]`,
        );
      }
      block.elements.forEach((e, j) =>
        checkText(e, LIMITS.sectionText, `${at}/elements/${j}`, problems, 1),
      );
      return;
    case 'actions':
      if (!Array.isArray(block.elements) || block.elements.length === 0) {
        problems.push(`[ERROR] actions needs elements [json-pointer:${at}/elements]`);
        return;
      }
      if (block.elements.length > LIMITS.actionsElements) {
        problems.push(
          `[ERROR] no more than ${LIMITS.actionsElements} items [json-pointer:${at}/elements]`,
        );
      }
      block.elements.forEach((e, j) => checkElement(e, `${at}/elements/${j}`, problems));
      return;
    case 'input':
      checkPlainText(block.label, LIMITS.inputLabel, `${at}/label`, problems, true);
      if (block.hint !== undefined)
        checkPlainText(block.hint, LIMITS.inputHint, `${at}/hint`, problems, true);
      checkElement(block.element, `${at}/element`, problems);
      return;
    default:
      problems.push(`[ERROR] unsupported block type ${String(block.type)} [json-pointer:${at}]`);
  }
}

function checkElement(element: unknown, at: string, problems: string[]): void {
  if (!isObject(element)) {
    problems.push(`[ERROR] missing element [json-pointer:${at}]`);
    return;
  }
  if (typeof element.action_id === 'string' && element.action_id.length > LIMITS.actionId) {
    problems.push(`[ERROR] action_id too long [json-pointer:${at}/action_id]`);
  }
  if (element.placeholder !== undefined) {
    checkPlainText(element.placeholder, LIMITS.placeholder, `${at}/placeholder`, problems, true);
  }
  switch (element.type) {
    case 'button':
      checkPlainText(element.text, LIMITS.buttonText, `${at}/text`, problems, true);
      if (typeof element.value === 'string' && element.value.length > LIMITS.buttonValue) {
        problems.push(`[ERROR] value too long [json-pointer:${at}/value]`);
      }
      if (typeof element.url === 'string' && element.url.length > LIMITS.url) {
        problems.push(`[ERROR] url too long [json-pointer:${at}/url]`);
      }
      return;
    case 'plain_text_input': {
      const max =
        typeof element.max_length === 'number' ? element.max_length : LIMITS.plainTextInputLength;
      if (max > LIMITS.plainTextInputLength)
        problems.push(`[ERROR] max_length too large [json-pointer:${at}]`);
      if (typeof element.initial_value === 'string' && element.initial_value.length > max) {
        problems.push(
          `[ERROR] initial_value longer than max_length [json-pointer:${at}/initial_value]`,
        );
      }
      return;
    }
    case 'static_select':
    case 'radio_buttons':
      checkOptions(element, at, problems);
      return;
    case 'external_select':
    case 'users_select':
    case 'conversations_select':
      return;
    default:
      problems.push(
        `[ERROR] unsupported element type ${String(element.type)} [json-pointer:${at}]`,
      );
  }
}

function checkOptions(element: Json, at: string, problems: string[]): void {
  const options = Array.isArray(element.options) ? element.options : [];
  if (options.length === 0)
    problems.push(`[ERROR] options must not be empty [json-pointer:${at}/options]`);
  if (options.length > LIMITS.options) {
    problems.push(
      `[ERROR] no more than ${LIMITS.options} items allowed [json-pointer:${at}/options]`,
    );
  }
  const values: string[] = [];
  options.forEach((option, j) => {
    if (!isObject(option)) return;
    checkPlainText(option.text, LIMITS.optionText, `${at}/options/${j}/text`, problems, true);
    if (typeof option.value !== 'string' || option.value.length > LIMITS.optionValue) {
      problems.push(
        `[ERROR] option value missing or too long [json-pointer:${at}/options/${j}/value]`,
      );
    } else {
      values.push(option.value);
    }
  });
  const initial = element.initial_option;
  if (isObject(initial) && !values.includes(String(initial.value))) {
    problems.push(
      `[ERROR] initial_option must match one of the options [json-pointer:${at}/initial_option]`,
    );
  }
}

function checkText(text: unknown, max: number, at: string, problems: string[], min: number): void {
  if (!isObject(text) || (text.type !== 'mrkdwn' && text.type !== 'plain_text')) {
    problems.push(`[ERROR] expected a text object [json-pointer:${at}]`);
    return;
  }
  const value = typeof text.text === 'string' ? text.text : '';
  if (value.length < min)
    problems.push(`[ERROR] must be at least ${min} characters [json-pointer:${at}/text]`);
  if (value.length > max)
    problems.push(`[ERROR] must be less than ${max + 1} characters [json-pointer:${at}/text]`);
}

function checkPlainText(
  text: unknown,
  max: number,
  at: string,
  problems: string[],
  required: boolean,
): void {
  if (text === undefined) {
    if (required) problems.push(`[ERROR] missing required field [json-pointer:${at}]`);
    return;
  }
  if (!isObject(text) || text.type !== 'plain_text') {
    problems.push(`[ERROR] must be a plain_text object [json-pointer:${at}]`);
    return;
  }
  checkText(text, max, at, problems, 1);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
