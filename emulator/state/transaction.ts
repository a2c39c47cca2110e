/**
 * The changes of one call, applied as they are made and undone if the call cannot be acknowledged
 * (its trail record could not be made durable). Records in the store are never mutated in place:
 * a handler replaces them through the transaction, so undo is exact (an append-only list is the one
 * thing changed in place, through `append`).
 */
export class Transaction {
  readonly #undo: Array<() => void> = [];
  /** ARNs of the tasks this call placed (true), or whose stop it requested, moved or took back (false). */
  #tasks: Map<string, boolean> | undefined;

  set<K, V>(map: Map<K, V>, key: K, value: V): void {
    const had = map.has(key);
    const old = map.get(key);
    map.set(key, value);
    this.#undo.push(had ? () => map.set(key, old as V) : () => map.delete(key));
  }

  delete<K, V>(map: Map<K, V>, key: K): void {
    if (!map.has(key)) return;
    const old = map.get(key) as V;
    map.delete(key);
    this.#undo.push(() => map.set(key, old));
  }

  add<V>(set: Set<V>, value: V): void {
    if (set.has(value)) return;
    set.add(value);
    this.#undo.push(() => set.delete(value));
  }

  /**
   * Append `value` to a list the store holds, undone by taking it off again. For lists that only grow
   * at the end (a family's revisions): copying the list to replace it would cost each call its length,
   * which after a long session is a hundred thousand entries. Undo takes off this value (the last
   * one, unless a call that came after appended too), never another call's.
   */
  append<V>(list: V[], value: V): void {
    list.push(value);
    this.#undo.push(() => {
      const at = list.lastIndexOf(value);
      if (at >= 0) list.splice(at, 1);
    });
  }

  /** Run `undo` if the call is rolled back: for changes not expressed as map/set writes. */
  onRollback(undo: () => void): void {
    this.#undo.push(undo);
  }

  /**
   * A task placed, or its stop changed: what ECS then does for it (its network interface, its roles'
   * credentials, its load balancer targets) is reported once the call is acknowledged (PendingCall.lifecycle).
   */
  noteTask(arn: string, placed = false): void {
    const tasks = (this.#tasks ??= new Map());
    tasks.set(arn, placed || tasks.get(arn) === true);
  }

  /** The tasks noted by noteTask, in the order first noted, each with whether this call placed it. */
  get changedTasks(): ReadonlyMap<string, boolean> | undefined {
    return this.#tasks;
  }

  rollback(): void {
    for (let i = this.#undo.length - 1; i >= 0; i--) this.#undo[i]!();
    this.#undo.length = 0;
  }
}
