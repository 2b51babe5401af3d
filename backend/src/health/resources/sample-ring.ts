/** The newest `capacity` items, oldest first: a fixed array written round, so memory stays bounded however long the API runs. */
export class SampleRing<T> {
  private readonly slots: (T | undefined)[];
  private next = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new Error(`a ring holds at least one item, not ${capacity}`);
    this.slots = new Array<T | undefined>(capacity);
  }

  push(item: T): void {
    this.slots[this.next] = item;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  get latest(): T | undefined {
    return this.count === 0 ? undefined : this.slots[(this.next - 1 + this.capacity) % this.capacity];
  }

  toArray(): T[] {
    const start = (this.next - this.count + this.capacity) % this.capacity;
    return Array.from({ length: this.count }, (_, index) => this.slots[(start + index) % this.capacity] as T);
  }
}
