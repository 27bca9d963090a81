/**
 * Which history turn the current query belongs to: a new query starts a new turn, composing or a
 * change of settings updates the same one (src/lib/history/turns.ts, startsNewTurn); a query put
 * back from the history updates that turn until it is edited.
 */
import { startsNewTurn, type QueryChange } from '../../lib/history/turns.ts';

export class TurnTracker {
  /** undefined: the next recorded search starts a new turn */
  #id?: string;
  /** the query was put back from a history turn: editing it starts a new turn, the stored one stays */
  #restored = false;

  changed(change: QueryChange, previousText: string, text: string): void {
    if (startsNewTurn(change, { previousText, text, restored: this.#restored })) this.startNew();
  }

  startNew(): void {
    this.#id = undefined;
    this.#restored = false;
  }

  restoredFrom(id: string): void {
    this.#id = id;
    this.#restored = true;
  }

  /** The id the next record goes under (a new one when a new turn starts). */
  id(): string {
    return (this.#id ??= crypto.randomUUID());
  }
}
