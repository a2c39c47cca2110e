/**
 * The changes of one call, applied as they are made and undone if the call cannot be acknowledged
 * (its trail record could not be made durable). Records in the store are never mutated in place:
 * a handler replaces them through the transaction, so undo is exact.
 */
export class Transaction {
  readonly #undo: Array<() => void> = [];

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

  /** Run `undo` if the call is rolled back: for changes not expressed as map/set writes. */
  onRollback(undo: () => void): void {
    this.#undo.push(undo);
  }

  rollback(): void {
    for (let i = this.#undo.length - 1; i >= 0; i--) this.#undo[i]!();
    this.#undo.length = 0;
  }
}
