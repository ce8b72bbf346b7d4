/**
 * Small Block Kit constructors that apply the limits in `limits.ts` to every text they are given.
 * Views and messages are built only from these, so no builder can forget a limit.
 */
import type {
  ActionsBlock,
  Button,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  InputBlock,
  KnownBlock,
  Option,
  PlainTextElement,
  PlainTextInput,
  SectionBlock,
  StaticSelect,
} from './types';
import { BLOCK_LIMITS as L, truncate } from './limits';

export type Block = KnownBlock;

export function plain(text: string, max: number = L.sectionText): PlainTextElement {
  return { type: 'plain_text', text: truncate(text, max), emoji: true };
}

export function section(text: string, blockId?: string, accessory?: Button): SectionBlock {
  return {
    type: 'section',
    ...(blockId ? { block_id: blockId } : {}),
    text: { type: 'mrkdwn', text: truncate(text, L.sectionText) },
    ...(accessory ? { accessory } : {}),
  };
}

export function fields(items: string[], blockId?: string): SectionBlock {
  return {
    type: 'section',
    ...(blockId ? { block_id: blockId } : {}),
    fields: items
      .slice(0, L.sectionFields)
      .map((text) => ({ type: 'mrkdwn' as const, text: truncate(text, L.sectionFieldText) })),
  };
}

export function header(text: string): HeaderBlock {
  return { type: 'header', text: plain(text, L.headerText) };
}

export function context(text: string, blockId?: string): ContextBlock {
  return {
    type: 'context',
    ...(blockId ? { block_id: blockId } : {}),
    elements: [{ type: 'mrkdwn', text: truncate(text, L.contextText) }],
  };
}

export function divider(): DividerBlock {
  return { type: 'divider' };
}

export interface ButtonOptions {
  value?: string;
  style?: 'primary' | 'danger';
  url?: string;
}

export function button(text: string, actionId: string, options: ButtonOptions = {}): Button {
  return {
    type: 'button',
    text: plain(text, L.buttonText),
    action_id: actionId,
    ...(options.value !== undefined ? { value: truncate(options.value, L.buttonValue) } : {}),
    ...(options.style ? { style: options.style } : {}),
    ...(options.url ? { url: options.url } : {}),
  };
}

export function actions(blockId: string, elements: Button[]): ActionsBlock {
  return { type: 'actions', block_id: blockId, elements: elements.slice(0, L.actionsElements) };
}

export function option(text: string, value: string): Option {
  if (value.length > L.optionValue) throw new Error(`Option value longer than ${L.optionValue}`);
  return { text: plain(text, L.optionText), value };
}

export interface TextInputOptions {
  label: string;
  actionId: string;
  initialValue?: string | null;
  placeholder?: string;
  hint?: string;
  multiline?: boolean;
  optional?: boolean;
  maxLength?: number;
}

export function textInput(blockId: string, options: TextInputOptions): InputBlock {
  const maxLength = Math.min(options.maxLength ?? L.plainTextInput, L.plainTextInput);
  const element: PlainTextInput = {
    type: 'plain_text_input',
    action_id: options.actionId,
    multiline: options.multiline ?? false,
    max_length: maxLength,
    ...(options.initialValue ? { initial_value: options.initialValue.slice(0, maxLength) } : {}),
    ...(options.placeholder ? { placeholder: plain(options.placeholder, L.placeholder) } : {}),
  };
  return {
    type: 'input',
    block_id: blockId,
    label: plain(options.label, L.inputLabel),
    element,
    optional: options.optional ?? false,
    ...(options.hint ? { hint: plain(options.hint, L.inputHint) } : {}),
  };
}

export interface SelectInputOptions {
  label: string;
  actionId: string;
  options: Option[];
  initialValue?: string | null;
  placeholder?: string;
  hint?: string;
  optional?: boolean;
}

/** A static select input; more than 100 options are cut (the caller says so in the hint). */
export function selectInput(blockId: string, options: SelectInputOptions): InputBlock {
  const choices = options.options.slice(0, L.options);
  const initial = choices.find((o) => o.value === options.initialValue);
  const element: StaticSelect = {
    type: 'static_select',
    action_id: options.actionId,
    options: choices,
    ...(initial ? { initial_option: initial } : {}),
    placeholder: plain(options.placeholder ?? 'Choose…', L.placeholder),
  };
  return {
    type: 'input',
    block_id: blockId,
    label: plain(options.label, L.inputLabel),
    element,
    optional: options.optional ?? false,
    ...(options.hint ? { hint: plain(options.hint, L.inputHint) } : {}),
  };
}
