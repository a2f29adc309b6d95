/** The --help text: what the tool does, its commands and flags. */
export const helpText = `pseudolabel-tui — race supervised training against pseudo-labeling on MNIST, live in your terminal

Usage
  pseudolabel-tui [flags]            open the live dashboard (headless when stdout is not a terminal)
  pseudolabel-tui presets            list presets and where each comes from
  pseudolabel-tui config             show the settings file and its values
  pseudolabel-tui config set KEY VAL set backend, runsDir, presetsDir or lastPreset (unset KEY: default)
  pseudolabel-tui runs               list saved run summaries, newest first
  pseudolabel-tui runs show ID       print one run's report with its chart
  pseudolabel-tui runs compare A B   draw two runs' curves in one chart

Flags
  -p, --preset NAME|FILE   preset name or path to a preset .json (default: last used, else tutorial)
      --presets-dir DIR    folder of your own presets (remembered)
      --headless           print one line per event instead of the dashboard
      --json               print one JSON object per event on stdout (implies --headless)
      --data-dir DIR       read MNIST-format IDX files (raw or .gz) from DIR instead of the embedded MNIST
      --backend NAME       auto (wasm, else cpu) | wasm | cpu | node (experimental) (default: auto, remembered)
      --runs-dir DIR       where run summaries are saved (remembered)
      --no-save            do not write a run summary at the end
      --labeled N          labeled images (stratified), the rest is the unlabeled pool
      --threshold X        accept a pseudo-label when confidence > X, 0 < X < 1
      --rounds N           labeling rounds
      --epochs N           retraining epochs per round
      --warmup N           warm-up epochs on the labeled set
      --batch-size N       batch size
      --seed N             random seed
  -h, --help               show this help
  -v, --version            show the version

Keys (dashboard)
  ←/→ or [/]  previous/next preset    1-9  jump to a preset    space  pause/resume
  r  restart    s  save a summary now    ?  explain the method    q / Ctrl+C  quit

Exit codes: 0 done, 1 a run failed, 2 bad usage or input, 130 interrupted.
`;
