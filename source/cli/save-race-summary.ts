/** Saves a race's summary files and says where in one line; a failure is a message, never the end of the race. */
import type {TableScaling} from '../summary/model-file.js';
import type {ImagePreparation} from '../core/image-preparation.js';
import type {BackendName} from '../protocol/messages.js';
import type {RaceState} from '../race/race-state.js';
import {mnistInfo} from '../core/dataset-info.js';
import {makeFolder} from '../files/make-folder.js';
import {buildSummary} from '../summary/build-summary.js';
import {exportRace} from '../summary/export-race.js';
import {currentEnvironment} from '../summary/environment.js';
import {saveSummary} from '../summary/save-summary.js';
import {noticeText, type Notice} from '../text/save-notice.js';
import type {SaveOutcome} from '../ui/hooks/use-race-saves.js';
import type {RaceSetup} from './race-setup.js';

export interface SaveRaceOptions {
	partial: boolean;
	/** Where the one-line outcome goes besides the return value (stderr for headless runs). */
	log?(message: string): void;
	/** Where each training sample came from (the loader's file names or rows), for the pseudo-label exports. */
	sources?: readonly string[];
	/** Tables: the load's standardisation, recorded in exported models. */
	tableScaling?: TableScaling;
	/** Images: how the loader prepared them, recorded in exported models. */
	imagePreparation?: ImagePreparation;
}

/** Resolves to the notice to show (the saved path or the reason it could not be saved) and the summary's path when saved whole. */
export async function saveRaceSummary(state: RaceState, setup: RaceSetup, backend: BackendName, options: SaveRaceOptions): Promise<SaveOutcome> {
	let notice: Notice;
	let savedWhole: string | undefined;
	if (state.dataset === undefined) {
		notice = 'nothing to save yet: the race has not started';
	} else {
		try {
			const summary = buildSummary(state, {
				partial: options.partial,
				presetName: state.preset,
				environment: currentEnvironment(backend),
				now: new Date(),
				sweepFlags: setup.sweepFlags,
			});
			// The exports go first, named after the summary, so the summary can name them.
			await makeFolder(setup.runsDir);
			const exports = !setup.export ? [] : await exportRace({
				contenders: state.contenders,
				info: state.dataset.info ?? mnistInfo(state.dataset.name),
				sources: options.sources,
				...(options.tableScaling === undefined ? {} : {tableScaling: options.tableScaling}),
				...(options.imagePreparation === undefined ? {} : {imagePreparation: options.imagePreparation}),
				runsDir: setup.runsDir,
				base: summary.name,
				run: summary.id,
			});
			const saved = await saveSummary(exports.length > 0 ? {...summary, exports} : summary, setup.runsDir);
			notice = {verb: options.partial ? 'saved partial' : 'saved', id: saved.id, path: saved.md, exports: exports.map(entry => entry.contender)};
			if (!options.partial) savedWhole = saved.md;
		} catch (error) {
			notice = error instanceof Error ? error.message : String(error);
		}
	}

	options.log?.(noticeText(notice));
	return savedWhole === undefined ? {notice} : {notice, path: savedWhole};
}
