/** Small statistics the benches share. */

/** The middle value (the upper of the two middle ones for an even count); the input is left as it was. */
export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Rounded to two decimals, as the benches print ratios. */
export const hundredths = (value: number) => Math.round(value * 100) / 100;
