import { RepeatGuard } from './repeat-guard';

describe('RepeatGuard', () => {
  it('counts a code held in front of the camera once', () => {
    const guard = new RepeatGuard(1000);
    expect([0, 400, 800, 1200, 1600, 2000].map((at) => guard.accept('A', at))).toEqual([true, false, false, false, false, false]);
  });

  it('counts the same code again once it has been out of sight long enough', () => {
    const guard = new RepeatGuard(1000);
    expect(guard.accept('A', 0)).toBe(true);
    expect(guard.accept('A', 1500)).toBe(true);
  });

  it('counts another code at once', () => {
    const guard = new RepeatGuard(1000);
    expect([guard.accept('A', 0), guard.accept('B', 100), guard.accept('A', 200)]).toEqual([true, true, true]);
  });
});
