/** A small XML well-formedness check for the SVG tests: nesting, quoting, names and entities. Returns the elements. */

export interface XmlElement {
	name: string;
	attributes: Record<string, string>;
}

const name = String.raw`[A-Za-z_][\w.:-]*`;
const entity = /&(?:[a-z]+|#\d+|#x[\da-f]+);/gi;

function checkText(text: string, where: number): void {
	const bare = text.replaceAll(entity, '');
	if (bare.includes('&') || bare.includes('<')) {
		throw new Error(`unescaped & or < near offset ${where}`);
	}
}

/** Throws on the first well-formedness error; otherwise every element in document order. */
export function parseXml(xml: string): XmlElement[] {
	const elements: XmlElement[] = [];
	const open: string[] = [];
	let position = 0;
	let hasRoot = false;
	const declaration = /^<\?xml[^?]*\?>\s*/.exec(xml);
	if (declaration) {
		position = declaration[0].length;
	}

	const tag = new RegExp(String.raw`<(/?)(${name})((?:\s+${name}\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(/?)>`, 'y');
	const attribute = new RegExp(String.raw`(${name})\s*=\s*(?:"([^"]*)"|'([^']*)')`, 'g');
	while (position < xml.length) {
		const next = xml.indexOf('<', position);
		const text = xml.slice(position, next === -1 ? xml.length : next);
		if (open.length === 0 && text.trim() !== '') {
			throw new Error(`text outside the root element near offset ${position}`);
		}

		checkText(text, position);
		if (next === -1) {
			break;
		}

		tag.lastIndex = next;
		const match = tag.exec(xml);
		if (!match) {
			throw new Error(`malformed tag at offset ${next}: ${xml.slice(next, next + 40)}`);
		}

		const [whole, closing, tagName = '', rawAttributes = '', selfClosing] = match;
		if (closing) {
			if (rawAttributes.trim() !== '' || selfClosing) {
				throw new Error(`malformed closing tag </${tagName}>`);
			}

			const expected = open.pop();
			if (expected !== tagName) {
				throw new Error(`</${tagName}> closes <${expected ?? 'nothing'}>`);
			}
		} else {
			if (open.length === 0 && hasRoot) {
				throw new Error('more than one root element');
			}

			hasRoot = true;
			const attributes: Record<string, string> = {};
			for (const [, key = '', double, single] of rawAttributes.matchAll(attribute)) {
				if (key in attributes) {
					throw new Error(`duplicate attribute ${key} on <${tagName}>`);
				}

				const value = double ?? single ?? '';
				checkText(value, next);
				attributes[key] = value;
			}

			elements.push({name: tagName, attributes});
			if (!selfClosing) {
				open.push(tagName);
			}
		}

		position = next + whole.length;
	}

	if (open.length > 0 || !hasRoot) {
		throw new Error(open.length > 0 ? `<${open.at(-1)}> is never closed` : 'no root element');
	}

	return elements;
}
