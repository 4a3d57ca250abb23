import type { CastWord } from './template/placeholderParser';

/** What each cast or flag does, for completion and hover. From the engine's own behaviour. */
export const CAST_DOCS: Record<CastWord, string> = {
  str: 'Text (the default cast). An object becomes `"[object Object]"`: use `:json` or `:any` to keep objects.',
  int: 'A whole number (`parseInt`): `"1.9"` becomes `1`. A value that is not a number is passed through unchanged. Only when the placeholder is the whole string.',
  num: 'A number (`parseFloat`). A value that is not a number is passed through unchanged. Only when the placeholder is the whole string.',
  bool: 'A boolean: only `"true"` and `"false"` (or real booleans) convert; anything else is passed through. Only when the placeholder is the whole string.',
  json: 'Parses a JSON string, or keeps an object or array as it is. Only when the placeholder is the whole string.',
  any: 'The value unchanged, whatever its type (objects, buffers). Only when the placeholder is the whole string.',
  null: '**Flag.** When nothing is found, the value is `null` instead of the placeholder text.',
  undefined: '**Flag.** When nothing is found, the key is left out (whole-string placeholder) or the text is empty (inside a longer string).',
  'ignore-empty-str': '**Flag.** An empty string counts as not found, so the next `|` alternative or the `?:` default is used.',
};

export const ROOT_DOCS: Record<string, string> = {
  args: 'The arguments of the run (`args` of `POST /sync-job-run`), declared in `args_schema`.',
  resources: 'The current record of an upstream step, reached through `depends_on`: `resources.<api>.<resource>.<field>` for a unified resource, `resources.<resource>.<field>` for a proxy resource. In runtime 4, also `resources.<node-name>…`: the output of an upstream node (inside a loop_on over it, the current element).',
  payload: 'What a runtime 4 destination is writing (destination config only): `payload.records` is the batch; inside a datastore destination\'s `loop_on: "payload.records"`, `payload.records.<field>` is the current record.',
  previous_run_date: 'When the previous run of the sync job started (legacy runtimes 1–3): use it for incremental syncs, e.g. `{"updated_at": {"gt": "{{previous_run_date}}"}}`. Ignored when a run is started with `ignore_previous_run`.',
};
