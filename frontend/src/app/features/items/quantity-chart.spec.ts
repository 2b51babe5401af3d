import { axisFormat } from './quantity-chart';

describe('quantity chart axis', () => {
  it('labels a span of minutes with seconds, a day with times and longer spans with dates', () => {
    expect(axisFormat(90_000)).toEqual({ timeStyle: 'medium' });
    expect(axisFormat(3 * 3_600_000)).toEqual({ timeStyle: 'short' });
    expect(axisFormat(9 * 86_400_000)).toEqual({ dateStyle: 'short', timeStyle: 'short' });
  });
});
