import { withoutStackTraces } from './rootHttpRouter';

describe('withoutStackTraces', () => {
  it('drops the stack of an error body and keeps the rest', () => {
    expect(
      withoutStackTraces({
        error: {
          name: 'InputError',
          message: 'fix x',
          stack: 'InputError: fix x\n    at y',
        },
        response: { statusCode: 400 },
      }),
    ).toEqual({
      error: { name: 'InputError', message: 'fix x' },
      response: { statusCode: 400 },
    });
  });

  it('leaves other bodies alone', () => {
    expect(withoutStackTraces({ items: [1] })).toEqual({ items: [1] });
    expect(withoutStackTraces(null)).toBeNull();
    expect(withoutStackTraces([1, 2])).toEqual([1, 2]);
  });
});
