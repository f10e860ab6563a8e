/**
 * Messages between a host thread (the extension host, a test) and a simulator worker thread.
 * The host starts the worker with a RunRequestMessage as workerData; the worker streams the trace
 * in batches of JSON Lines and ends with exactly one `done` or `failed` message.
 */

/** workerData of a simulator worker. */
export interface RunRequestMessage {
  readonly text: string;
  readonly file: string;
  readonly dir: string;
  readonly seed?: number;
  readonly maxEvents?: number;
  /** Also write the JSON Lines trace to this file. */
  readonly trace?: string;
  readonly pcapng?: string;
  /** Stream the trace to the host as `trace` messages (batches of lines). */
  readonly stream?: boolean;
}

/** Worker → host: a batch of trace lines (JSON Lines, each ending in "\n"). */
export interface TraceBatchMessage {
  readonly type: 'trace';
  readonly lines: string;
}

/** Worker → host: the run finished (cleanly or not); `summary` is summaryJson's object. */
export interface DoneMessage {
  readonly type: 'done';
  readonly exitCode: number;
  readonly summary: object;
  readonly text: string;
}

/** Worker → host: the simulator itself failed (an internal error, not a driver fault). */
export interface FailedMessage {
  readonly type: 'failed';
  readonly message: string;
}

export type WorkerMessage = TraceBatchMessage | DoneMessage | FailedMessage;
