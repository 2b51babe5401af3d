import { passwordProblem } from './passwords';

describe('the password rule', () => {
  it('accepts a long, uncommon password that does not contain the username', () => {
    expect(passwordProblem('quiet-lantern-87', 'ada')).toBeUndefined();
  });

  it('refuses a password outside 8 to 72 bytes', () => {
    expect(passwordProblem('short', 'ada')).toMatch(/8 to 72 bytes/);
    expect(passwordProblem('é'.repeat(37), 'ada')).toMatch(/8 to 72 bytes/);
  });

  it('refuses the common passwords whatever their case, and lets rarer ones through', () => {
    for (const common of ['password', '12345678', 'Sunshine1', 'TRUSTNO1']) expect(passwordProblem(common, 'ada')).toMatch(/most common/);
    expect(passwordProblem('ledger-otter-19', 'ada')).toBeUndefined();
  });

  it('refuses a password containing the username in any case, but judges no containment without a username', () => {
    expect(passwordProblem('my-ADA-is-best', 'Ada')).toMatch(/username/);
    expect(passwordProblem('quiet-lantern-87', '')).toBeUndefined();
  });
});
