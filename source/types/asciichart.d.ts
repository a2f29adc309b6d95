// Type declarations for asciichart 1.5 (the package ships none).
declare module 'asciichart' {
	export interface PlotConfig {
		min?: number;
		max?: number;
		height?: number;
		offset?: number;
		padding?: string;
		format?: (value: number, index: number) => string;
		colors?: string[];
		symbols?: string[];
	}

	export function plot(series: number[] | number[][], config?: PlotConfig): string;

	const asciichart: {
		plot: typeof plot;
		[color: string]: unknown;
	};
	export default asciichart;
}
