/**
 * A tiny escaping XML writer, enough for TwiML. It writes what twilio's builder (xmlbuilder) writes,
 * byte for byte, so the twilio TwiML builder stays out of the bundles and serves only as the tests' oracle.
 * Element and attribute names are our own constants and are not checked; every value is.
 */

export type AttributeValue = string | number | boolean | undefined;

export interface XmlElement {
  readonly name: string;
  /** Written in insertion order; undefined values are left out, as twilio does. */
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  /** Text, or child elements. Empty text and no children both give a self-closing tag. */
  readonly content: string | readonly XmlElement[];
}

export function element(
  name: string,
  attributes: Readonly<Record<string, AttributeValue>> = {},
  content: string | readonly XmlElement[] = [],
): XmlElement {
  return { name, attributes, content };
}

/** The whole document, with twilio's declaration and no whitespace between tags. */
export function renderXmlDocument(root: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>${renderElement(root)}`;
}

function renderElement({ name, attributes, content }: XmlElement): string {
  const attributeText = Object.entries(attributes)
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escapeAttribute(String(value))}"`)
    .join('');
  const inner = typeof content === 'string' ? escapeText(content) : content.map(renderElement).join('');
  return inner === '' ? `<${name}${attributeText}/>` : `<${name}${attributeText}>${inner}</${name}>`;
}

// Characters outside XML 1.0's Char production: C0 controls other than tab/LF/CR, lone surrogates
// (with the u flag a well-formed pair is one code point and never matches), U+FFFE and U+FFFF.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point, to strip them.
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/gu;

/** Removes what XML 1.0 cannot carry; twilio would throw on it in text and emit it raw in attributes. */
export function stripXmlForbidden(value: string): string {
  return value.replace(XML_FORBIDDEN, '');
}

const TEXT_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#xD;' };
const ATTRIBUTE_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '"': '&quot;',
  '\t': '&#x9;',
  '\n': '&#xA;',
  '\r': '&#xD;',
};

/** Element text as xmlbuilder escapes it (quotes stay literal), never carrying a forbidden character. */
export function escapeText(value: string): string {
  return stripXmlForbidden(value).replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c] ?? c);
}

/** A double-quoted attribute value as xmlbuilder escapes it ('>' and "'" stay literal), never carrying a forbidden character. */
export function escapeAttribute(value: string): string {
  return stripXmlForbidden(value).replace(/[&<"\t\n\r]/g, (c) => ATTRIBUTE_ESCAPES[c] ?? c);
}
