/** Bad user input (a flag, a file, a preset): shown as one line, exit code 2, never a stack trace. */
export class InputError extends Error {
	override name = 'InputError';
}

export function isInputError(error: unknown): error is InputError {
	return error instanceof InputError;
}
