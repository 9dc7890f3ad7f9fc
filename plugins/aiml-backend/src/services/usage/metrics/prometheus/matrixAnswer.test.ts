import { readMatrixAnswer } from './matrixAnswer';

const GRID = { startMs: 1_000_000, stepMs: 60_000, points: 3 };

describe('readMatrixAnswer', () => {
  it('puts each point at its evaluation time, NaN where there is none', () => {
    const text = JSON.stringify({
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [
          {
            metric: { pod: 'a', note: 'quote " back\\slash \u00e9 }]' },
            values: [
              [1000, '0.5'],
              [1120, '+Inf'],
              [1060.0, 'NaN'],
            ],
          },
          { metric: {}, values: [[1060, '-1e-3']] },
          // Outside the grid: left out.
          { metric: { pod: 'c' }, values: [[999_000, '1']] },
        ],
      },
      warnings: ['store eu-1 unavailable'],
    });
    const answer = readMatrixAnswer(text, GRID);
    expect(answer.envelope).toEqual({
      status: 'success',
      data: { resultType: 'matrix', result: [] },
      warnings: ['store eu-1 unavailable'],
    });
    expect(answer.series).toEqual([
      {
        metric: { pod: 'a', note: 'quote " back\\slash \u00e9 }]' },
        values: Float64Array.from([0.5, NaN, Infinity]),
      },
      { metric: {}, values: Float64Array.from([NaN, -0.001, NaN]) },
      { metric: { pod: 'c' }, values: Float64Array.from([NaN, NaN, NaN]) },
    ]);
  });

  it('reads what other servers write the same (white space, key order, extra keys)', () => {
    const compact = readMatrixAnswer(
      '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"a":"1"},"values":[[1000,"2"]]}]}}',
      GRID,
    );
    const loose = readMatrixAnswer(
      `{ "warnings": [], "status" : "success", "data" : { "result" : [
          { "values" : [ [ 1000 , "2" ] ], "metric" : { "a" : "1" }, "extra": {"x": [1, true, null]} }
        ], "resultType" : "matrix" } }`,
      GRID,
    );
    expect(loose.series).toEqual(compact.series);
    expect(loose.envelope.status).toBe('success');
  });

  it('gives the envelope of answers that are not matrices, and throws on text that is not JSON', () => {
    expect(
      readMatrixAnswer(
        '{"status":"error","errorType":"bad_data","error":"parse error"}',
        GRID,
      ),
    ).toEqual({
      envelope: {
        status: 'error',
        errorType: 'bad_data',
        error: 'parse error',
      },
    });
    expect(
      readMatrixAnswer(
        '{"status":"success","data":{"resultType":"vector","result":[]}}',
        GRID,
      ).series,
    ).toBeUndefined();
    expect(() => readMatrixAnswer('<html>Bad gateway</html>', GRID)).toThrow(
      SyntaxError,
    );
  });
});
