/**
 * Reading a macro (`ac:structured-macro`, or legacy `ac:macro`): its name, its parameters and its
 * bodies. Only direct children count, so a macro nested in another's body is not mistaken for
 * part of it. Parameter values are read here for the few macros whose meaning lives in them
 * (language, title, status text, issue key); they are never rendered as loose text.
 */
import { attr, childElements, type Element, plainText } from './dom';

export const MACRO_TAGS: ReadonlySet<string> = new Set(['ac:structured-macro', 'ac:macro']);

export function macroName(element: Element): string {
  return (attr(element, 'ac:name') ?? '').trim().toLowerCase();
}

/** A parameter by name (case-insensitive); `''` finds the default parameter. */
export function parameter(element: Element, name: string): Element | undefined {
  const wanted = name.toLowerCase();
  const named = childElements(element, 'ac:parameter').find(
    (child) => (attr(child, 'ac:name') ?? '').trim().toLowerCase() === wanted,
  );
  return named ?? (wanted === '' ? childElements(element, 'ac:default-parameter')[0] : undefined);
}

/** A parameter's text, whitespace collapsed; `''` when absent. */
export function parameterText(element: Element, name: string): string {
  const found = parameter(element, name);
  return found ? plainText(found) : '';
}

/** Every rich-text body (page properties may have two). */
export function richBodies(element: Element): Element[] {
  return childElements(element, 'ac:rich-text-body');
}

export function hasPlainBody(element: Element): boolean {
  return childElements(element, 'ac:plain-text-body').length > 0;
}
