/**
 * Working out what an imported trace did not record: which way a frame went, and which OCPP
 * version the file speaks. Shared by the DebugKit and plain-log importers.
 *
 * Direction, in this order of trust:
 * 1. what the source says for sure (`given`: DebugKit's CS_TO_CSMS, a log's `CP->CSMS`): kept, not
 *    marked inferred;
 * 2. a CALL or SEND whose action only one side initiates (initiatorOf for the file's version, else
 *    whichever version knows the action): that side;
 * 3. a CALLRESULT/CALLERROR: the opposite of the most recent unanswered CALL with its id on the same
 *    station (OCPP-J RPC framework: an answer goes back the way its CALL came); a 2.1
 *    CALLRESULTERROR goes the way of the CALL whose result it rejects;
 * 4. a marker whose meaning depends on whose log it is (`->`, `>>`, `Sent`, `tx` are "out"; `<-`,
 *    `<<`, `Received`, `rx` are "in"): read through the log's perspective, learnt from the frames
 *    whose direction rule 2 settles (an "out" BootNotification makes it a station's log);
 * 5. otherwise a guess, with a warning: a CALL from the station (stations send most CALLs), an
 *    answer from the CSMS (an answer to no CALL in the file most likely answers one of the
 *    station's, sent before the log began).
 * Everything but rule 1 is marked inferred.
 */
import type { Direction } from '../capture/entry';
import { initiatorOf, type Initiator } from '../ocpp/actions';
import { opposite } from '../ocpp/correlation';
import { OCPP_VERSIONS, type OcppVersion } from '../ocpp/versions';

/** A marker relative to the log's writer: `out` = it sent the frame, `in` = it received it. */
export type RelativeMarker = 'out' | 'in';

/** What is known of one frame. */
export interface DirectionInput {
  stationId: string;
  /** The message type, id and action, as far as they could be read. */
  type?: number;
  id?: string;
  action?: string;
  /** The direction the source states. */
  given?: Direction;
  /** A marker whose meaning depends on whose log it is. */
  relative?: RelativeMarker;
}

export interface DirectionResult {
  direction: Direction;
  /** Not stated by the source: show as inferred. */
  inferred: boolean;
  /** Set when the direction is a guess: say so to the user. */
  warning?: string;
}

// A 2.1 CALLRESULTERROR may follow its CALLRESULT a while later; older answered ids are dropped so
// a long file does not keep every id it ever saw.
const ANSWERED_KEPT = 1024;

interface StationCalls {
  /** id -> directions of the CALLs with it still unanswered, latest last. */
  open: Map<string, Direction[]>;
  /** id -> direction of the CALL it answered, for a CALLRESULTERROR. */
  answered: Map<string, Direction>;
}

/** Who initiates the action: in the version when it knows it, else in whichever versions do. */
function initiatorIn(version: OcppVersion | undefined, action: string): Initiator | undefined {
  if (version !== undefined) {
    const known = initiatorOf(version, action);
    if (known !== undefined) return known;
  }
  let found: Initiator | undefined;
  for (const v of OCPP_VERSIONS) {
    const initiator = initiatorOf(v, action);
    if (initiator === undefined) continue;
    if (found !== undefined && found !== initiator) return 'both';
    found = initiator;
  }
  return found;
}

/** Feed it every frame of a file in order (also those whose direction is given). */
export class DirectionInference {
  private readonly stations = new Map<string, StationCalls>();
  // Votes for what "out" means in this log, from frames whose direction their action settles.
  private outToCsms = 0;
  private outToStation = 0;

  constructor(private readonly version?: OcppVersion) {}

  /** What "out" means in this log, once frames have told. */
  get perspective(): 'station' | 'csms' | undefined {
    if (this.outToCsms > this.outToStation) return 'station';
    if (this.outToStation > this.outToCsms) return 'csms';
    return undefined;
  }

  resolve(input: DirectionInput): DirectionResult {
    const calls = this.of(input.stationId);
    const { type, id } = input;
    if (type === 2 || type === 6) return this.call(calls, input);
    if (type === 3 || type === 4) {
      const callDirection = id === undefined ? undefined : this.answer(calls, id, input.given);
      if (input.given !== undefined) return { direction: input.given, inferred: false };
      if (callDirection !== undefined) return { direction: opposite(callDirection), inferred: true };
      return this.fallback(input, 'toStation', orphanWarning(type, id));
    }
    if (type === 5) {
      const callDirection = id === undefined ? undefined : calls.answered.get(id);
      if (input.given !== undefined) return { direction: input.given, inferred: false };
      if (callDirection !== undefined) return { direction: callDirection, inferred: true };
      return this.fallback(
        input,
        'toCsms',
        `a CALLRESULTERROR${idText(id)} rejects no CALLRESULT earlier in the file; guessed sent by the charging station`,
      );
    }
    if (input.given !== undefined) return { direction: input.given, inferred: false };
    return this.fallback(
      input,
      'toCsms',
      'its message type could not be read, so nothing tells which way it went; guessed sent by the charging station',
    );
  }

  private call(calls: StationCalls, input: DirectionInput): DirectionResult {
    const { action, given, relative } = input;
    const initiator = action === undefined ? undefined : initiatorIn(this.version, action);
    let result: DirectionResult;
    if (given !== undefined) {
      result = { direction: given, inferred: false };
    } else if (initiator === 'station' || initiator === 'csms') {
      result = { direction: initiator === 'station' ? 'toCsms' : 'toStation', inferred: true };
    } else {
      const why =
        action === undefined
          ? 'its action could not be read'
          : initiator === 'both'
            ? `${action} is sent by either side`
            : `${action} is not an action of any OCPP version`;
      result = this.fallback(
        input,
        'toCsms',
        `${why}, and nothing else tells which way it went; guessed sent by the charging station`,
      );
    }
    // Only what the action settles teaches the perspective; a guess would teach itself.
    if (relative !== undefined && (initiator === 'station' || initiator === 'csms')) {
      const fromStation = initiator === 'station';
      if (fromStation === (relative === 'out')) this.outToCsms++;
      else this.outToStation++;
    }
    if (input.type === 2 && input.id !== undefined) {
      const open = calls.open.get(input.id);
      if (open === undefined) calls.open.set(input.id, [result.direction]);
      else open.push(result.direction);
    }
    return result;
  }

  /** Closes the CALL the answer answers; returns the direction that CALL went. */
  private answer(calls: StationCalls, id: string, given: Direction | undefined): Direction | undefined {
    const open = calls.open.get(id);
    if (open === undefined) return undefined;
    let at = open.length - 1;
    if (given !== undefined) at = open.lastIndexOf(opposite(given));
    if (at < 0) return undefined;
    const [direction] = open.splice(at, 1);
    if (open.length === 0) calls.open.delete(id);
    if (direction === undefined) return undefined;
    calls.answered.delete(id);
    calls.answered.set(id, direction);
    if (calls.answered.size > ANSWERED_KEPT) {
      const oldest = calls.answered.keys().next();
      if (oldest.done !== true) calls.answered.delete(oldest.value);
    }
    return direction;
  }

  /** The log's own marker read through its perspective, else the guess (with its warning). */
  private fallback(input: DirectionInput, guess: Direction, warning: string): DirectionResult {
    if (input.given !== undefined) return { direction: input.given, inferred: false };
    const perspective = this.perspective;
    if (input.relative !== undefined && perspective !== undefined) {
      const sentByStation = (input.relative === 'out') === (perspective === 'station');
      return { direction: sentByStation ? 'toCsms' : 'toStation', inferred: true };
    }
    return { direction: guess, inferred: true, warning };
  }

  private of(stationId: string): StationCalls {
    let calls = this.stations.get(stationId);
    if (calls === undefined) {
      calls = { open: new Map(), answered: new Map() };
      this.stations.set(stationId, calls);
    }
    return calls;
  }
}

function idText(id: string | undefined): string {
  return id === undefined ? '' : ` (id ${JSON.stringify(id)})`;
}

function orphanWarning(type: 3 | 4, id: string | undefined): string {
  const name = type === 3 ? 'CALLRESULT' : 'CALLERROR';
  return `a ${name}${idText(id)} answers no CALL earlier in the file; guessed sent by the CSMS (answering a station's CALL from before the file began)`;
}

/**
 * The OCPP version a file's CALLs fit: each action narrows the versions to those that define it
 * (actions no version knows, e.g. vendor ones, narrow nothing); message types 5 and 6 exist in 2.1
 * only. 2.1 keeps every 2.0.1 action, so a 2.x file without a 2.1-only message stays undecided
 * between the two: it is left to the analysis, which detects per connection and says why.
 */
export class VersionGuess {
  private candidates = new Set<OcppVersion>(OCPP_VERSIONS);
  private conflict = false;

  observe(type: number | undefined, action: string | undefined): void {
    if (this.conflict) return;
    if (type === 5 || type === 6) this.narrow(['2.1']);
    if ((type === 2 || type === 6) && action !== undefined) {
      const defined = OCPP_VERSIONS.filter((v) => initiatorOf(v, action) !== undefined);
      if (defined.length > 0) this.narrow(defined);
    }
  }

  private narrow(versions: readonly OcppVersion[]): void {
    // Most CALLs narrow nothing more after the first few: no new set for them.
    let all = true;
    for (const v of this.candidates) if (!versions.includes(v)) all = false;
    if (all) return;
    const next = new Set([...this.candidates].filter((v) => versions.includes(v)));
    // Two families in one file (several stations, or a mislabelled log): no single version.
    if (next.size === 0) this.conflict = true;
    else this.candidates = next;
  }

  /** The one version every CALL fits, if exactly one does. */
  get version(): OcppVersion | undefined {
    if (this.conflict || this.candidates.size !== 1) return undefined;
    return this.candidates.values().next().value;
  }
}
