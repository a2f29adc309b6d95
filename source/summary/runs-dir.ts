/** Where run summaries are saved by default: the platform's data folder, not the config folder. */
import path from 'node:path';
import envPaths from 'env-paths';

/** `$PSEUDOLABEL_TUI_DATA_DIR/runs` when set (tests use it), else e.g. ~/.local/share/pseudolabel-tui/runs. */
export function defaultRunsDir(env: NodeJS.ProcessEnv = process.env): string {
	const dataDir = env.PSEUDOLABEL_TUI_DATA_DIR ?? envPaths('pseudolabel-tui', {suffix: ''}).data;
	return path.join(dataDir, 'runs');
}
