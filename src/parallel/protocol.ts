// Messages between the export pass and its workers (src/parallel/). Keys travel only in
// WorkerInit (a worker's first message: memory of this process, never argv or the environment
// of a child).
import type { RecordDelimiter } from '../io/csv-scan.js';
import type { Format } from '../io/types.js';
import type { Policy } from '../policy/types.js';
import type { Where } from '../errors.js';
import type { ReleaseSpec } from '../plan/release.js';

export interface WorkerInit {
  policy: Policy;
  header: string[];
  /** Display name of the input, for error places. */
  file: string;
  /** Key bytes and fingerprints the pipeline asked for when compiled on the main thread. */
  keys: [string, Buffer, string][];
  read: { delimiter: number; recordDelimiter: RecordDelimiter; maxRecordSize: number };
  write: { format: Format; delimiter: string; escapeFormulas: boolean };
  /** After a plan (full-domain or local recoding): its release tables (src/plan/release.ts) and
   *  where the QI and sensitive columns are; `star`: suppressed records keep their row with `*` QIs. */
  release?: ReleaseSpec;
  /** False: the byte lane is off (src/parallel/lane.ts; KANON_LANE=0). */
  lane: boolean;
}

/** A worker's answer to its WorkerInit: it takes jobs now. */
export interface WorkerReady {
  ready: true;
}

/** A piece's output memory, given back to the worker that filled it once it is in the output
 *  file (Output.settles): the worker fills it again instead of allocating afresh. */
export interface Spare {
  spare: ArrayBuffer;
}

export interface Job {
  seq: number;
  bytes: Uint8Array;
  last: boolean;
  /** Send back up to this many input records (the report's sample). */
  sample: number;
}

export type JobResult =
  | {
      seq: number;
      ok: true;
      /** The formatted output (transferred). */
      out: ArrayBuffer;
      outOffset: number;
      outLength: number;
      recordsIn: number;
      recordsOut: number;
      /** CR/LF bytes the piece's records took (csv-parse's line count). */
      lines: number;
      /** The piece ended inside a record (an oversize piece): the input has a record too large. */
      holding: boolean;
      collisions: number;
      sample: string[][];
      /** The piece's memory, given back (src/io/input.ts recycleRead). */
      input?: ArrayBuffer;
    }
  | { seq: number; ok: false; code: string; message: string; where: Where };
