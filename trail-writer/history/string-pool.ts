/**
 * Interns the values event history filters on (event names, sources, user names, access keys,
 * resource types and names): each event keeps 32-bit ids instead of strings.
 *
 * A million events can name a million distinct task ARNs, so values are not kept as JS strings in a
 * Map (over 150 bytes each): a value is split at its last `/`, the head (`arn:aws:ecs:…:task/cluster/`,
 * shared by many) is a JS string interned once, and the tail is stored as UTF-8 in one growing buffer,
 * found through an open-addressing hash table in a typed array. Id 0 means "absent".
 */
export class StringPool {
  readonly #headIds = new Map<string, number>([['', 0]]);
  readonly #heads: string[] = [''];
  #arena = Buffer.allocUnsafeSlow(1 << 16);
  #arenaLength = 0;
  #start = new Uint32Array(1024);
  #end = new Uint32Array(1024);
  #head = new Uint32Array(1024);
  #count = 1;
  /** Slots hold ids; 0 is empty. Kept at most half full. */
  #table = new Uint32Array(2048);

  /**
   * Values interned lately, as JS strings: most of what a call interns (its event name, source, caller,
   * cluster) was interned by the call before, and a Map lookup costs less than encoding and probing.
   * Emptied when full, so it never holds more than RECENT values.
   */
  readonly #recent = new Map<string, number>();

  intern(value: string | undefined): number {
    if (value === undefined) return 0;
    const known = this.#recent.get(value);
    if (known !== undefined) return known;
    const probed = this.#probe(value);
    const id = probed.id > 0 ? probed.id : this.#insert(probed.head, probed.tail, probed.slot);
    if (this.#recent.size >= RECENT) this.#recent.clear();
    this.#recent.set(value, id);
    return id;
  }

  /** The id of a value already interned, or -1 (matches nothing). */
  find(value: string): number {
    const id = this.#probe(value).id;
    return id > 0 ? id : -1;
  }

  value(id: number): string | undefined {
    if (id <= 0 || id >= this.#count) return undefined;
    return this.#heads[this.#head[id]!]! + this.#arena.toString('utf8', this.#start[id]!, this.#end[id]!);
  }

  #probe(value: string): { head: string; tail: Buffer; slot: number; id: number } {
    const cut = value.lastIndexOf('/') + 1;
    const head = value.slice(0, cut);
    const tail = Buffer.from(value.slice(cut), 'utf8');
    const headId = this.#headIds.get(head);
    const mask = this.#table.length - 1;
    let slot = hash(value) & mask;
    for (;;) {
      const id = this.#table[slot]!;
      if (id === 0) return { head, tail, slot, id: 0 };
      if (
        this.#head[id] === headId &&
        this.#end[id]! - this.#start[id]! === tail.length &&
        this.#arena.compare(tail, 0, tail.length, this.#start[id]!, this.#end[id]!) === 0
      ) {
        return { head, tail, slot, id };
      }
      slot = (slot + 1) & mask;
    }
  }

  #insert(head: string, tail: Buffer, slot: number): number {
    let headId = this.#headIds.get(head);
    if (headId === undefined) {
      headId = this.#heads.length;
      this.#heads.push(head);
      this.#headIds.set(head, headId);
    }
    const id = this.#count++;
    if (id === this.#start.length) {
      this.#start = grow(this.#start, id * 2);
      this.#end = grow(this.#end, id * 2);
      this.#head = grow(this.#head, id * 2);
    }
    if (this.#arenaLength + tail.length > this.#arena.length) {
      const arena = Buffer.allocUnsafeSlow(Math.max(this.#arena.length * 2, this.#arenaLength + tail.length));
      this.#arena.copy(arena, 0, 0, this.#arenaLength);
      this.#arena = arena;
    }
    tail.copy(this.#arena, this.#arenaLength);
    this.#start[id] = this.#arenaLength;
    this.#arenaLength += tail.length;
    this.#end[id] = this.#arenaLength;
    this.#head[id] = headId;
    this.#table[slot] = id;
    if (this.#count * 2 > this.#table.length) this.#rehash();
    return id;
  }

  #rehash(): void {
    const table = new Uint32Array(this.#table.length * 2);
    const mask = table.length - 1;
    for (let id = 1; id < this.#count; id++) {
      let slot = hash(this.value(id)!) & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = id;
    }
    this.#table = table;
  }
}

const RECENT = 4096;

function grow(a: Uint32Array<ArrayBuffer>, size: number): Uint32Array<ArrayBuffer> {
  const b = new Uint32Array(size);
  b.set(a);
  return b;
}

/** FNV-1a over UTF-16 code units. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
