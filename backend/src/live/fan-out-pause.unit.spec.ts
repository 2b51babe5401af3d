import { fanOutPauseMs } from './fan-out-pause';

describe('the pause after a fan-out', () => {
  it('lets a delivery written quickly go on at once', () => {
    expect([0, 0.5, 3.9].map(fanOutPauseMs)).toEqual([0, 0, 0]);
  });

  it('waits as long as a long delivery took, so that writing to sockets takes at most half of the event loop', () => {
    expect([4, 18.5, 120].map(fanOutPauseMs)).toEqual([4, 18.5, 120]);
  });
});
