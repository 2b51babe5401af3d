import { WedgeReader } from './wedge-reader';

/** Types `text` then Enter, `gap` ms apart, from `start`; the codes read. */
function type(reader: WedgeReader, text: string, gap: number, start = 1000): (string | null)[] {
  return [...Array.from(text), 'Enter'].map((key, index) => reader.key(key, start + index * gap)).filter((code) => code !== null);
}

describe('WedgeReader', () => {
  it("reads a scanner's burst of keys ended by Enter", () => {
    expect(type(new WedgeReader(), 'SKU-0042', 5)).toEqual(['SKU-0042']);
  });

  it('leaves a person typing alone', () => {
    expect(type(new WedgeReader(), 'SKU-0042', 120)).toEqual([]);
  });

  it('ignores a burst too short to be a code, and starts afresh after a pause', () => {
    const reader = new WedgeReader();
    expect(type(reader, 'ab', 5)).toEqual([]);
    expect(reader.key('x', 5000)).toBeNull();
    expect(type(reader, '4006381333931', 5, 6000)).toEqual(['4006381333931']);
  });

  it('reads capitals typed with Shift, as scanners send them', () => {
    const reader = new WedgeReader();
    const keys = ['Shift', 'S', 'Shift', 'K', 'Shift', 'U', '-', '7'];
    keys.forEach((key, index) => reader.key(key, 1000 + index * 4));
    expect(reader.key('Enter', 1040)).toBe('SKU-7');
  });

  it('drops the burst at a key that is not a character', () => {
    const reader = new WedgeReader();
    reader.key('A', 0);
    reader.key('B', 5);
    reader.key('Tab', 10);
    reader.key('C', 15);
    expect(reader.key('Enter', 20)).toBeNull();
  });
});
