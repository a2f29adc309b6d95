/**
 * A Markdown report fitted to a terminal's width for reading (`runs show`): prose and list items wrap with their
 * continuation indented under the item, a table too wide for the width becomes a list of its rows (one item per
 * row, "header: cell" pairs, which wraps where a table row cannot), and code blocks (the chart, the settings) stay as
 * they are. The result is still Markdown, so piping it to a file keeps a report a renderer can show.
 */
import {displayWidth, wrapText} from './wrap.js';

/** The cells of a `| a | b |` row; `\|` inside a cell is not a separator. */
function cells(row: string): string[] {
	return row
		.trim()
		.replace(/^\|/, '')
		.replace(/(?<!\\)\|$/, '')
		.split(/(?<!\\)\|/)
		.map(cell => cell.trim());
}

/** A table as list items: "- key: value" for two columns, else "- header: cell; header: cell …" per row. */
function tableAsList(rows: string[], width: number): string[] {
	const [header = [], , ...data] = rows.map(row => cells(row));
	return data.flatMap(row => {
		const text =
			header.length === 2 ? `${row[0] ?? ''}: ${row[1] ?? ''}` : row.map((cell, index) => `${header[index] ?? ''}: ${cell}`).join('; ');
		return wrapText(`- ${text}`, width, '  ', 'keep');
	});
}

/** One line of prose, a heading or a list item wrapped to `width`, continuation lines under the item's text. */
function wrapLine(line: string, width: number): string[] {
	if (displayWidth(line) <= width) return [line];
	const marker = /^(\s*(?:[-*+]|\d+\.|>)\s+)/.exec(line)?.[1] ?? /^\s*/.exec(line)![0];
	const hang = marker.trimStart().startsWith('>') ? marker : ' '.repeat(marker.length);
	const lead = /^\s*/.exec(line)![0];
	return wrapText(line.slice(lead.length), width - lead.length, hang.slice(lead.length), 'keep').map(part => lead + part);
}

/** The report with every line outside code blocks kept within `width` (words longer than a line stay whole). */
export function fitMarkdown(markdown: string, width: number): string {
	const lines = markdown.split('\n');
	const out: string[] = [];
	let inCode = false;
	for (let index = 0; index < lines.length; index++) {
		const line = lines[index]!;
		if (/^\s*(```|~~~)/.test(line)) {
			inCode = !inCode;
			out.push(line);
		} else if (inCode) {
			out.push(line);
		} else if (line.trimStart().startsWith('|')) {
			const table: string[] = [];
			while (index < lines.length && lines[index]!.trimStart().startsWith('|')) table.push(lines[index++]!);
			index--;
			out.push(...(table.every(row => displayWidth(row) <= width) ? table : tableAsList(table, width)));
		} else {
			out.push(...wrapLine(line, width));
		}
	}

	return out.join('\n');
}
