/** Block Kit types, taken from the `@slack/types` copy that Bolt re-exports. */
import type { types } from '@slack/bolt';

export type KnownBlock = types.KnownBlock;
export type ActionsBlock = types.ActionsBlock;
export type Button = types.Button;
export type ContextBlock = types.ContextBlock;
export type DividerBlock = types.DividerBlock;
export type HeaderBlock = types.HeaderBlock;
export type InputBlock = types.InputBlock;
export type Option = types.PlainTextOption;
export type PlainTextElement = types.PlainTextElement;
export type PlainTextInput = types.PlainTextInput;
export type SectionBlock = types.SectionBlock;
export type StaticSelect = types.StaticSelect;
export type ModalView = types.ModalView;
export type HomeView = types.HomeView;
