import { readMatrixAnswer, readMatrixAnswerInSlices } from './matrixAnswer';

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

  it('reads every sample and time exactly as Number() does, whatever its form', () => {
    // Prometheus writes values with Go's shortest 'f' format (up to 17 digits, no
    // exponent) and times as seconds with up to 3 decimals; other servers may differ.
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const values = [
      '0',
      '-0',
      '1',
      '42',
      '0.1',
      '-0.30000000000000004',
      '123456789012345',
      '1234567890123456',
      '9007199254740991',
      '9007199254740992',
      '9007199254740993',
      '900719925474099.3',
      '0.12345678901234567',
      '0.0000000000000000000000012',
      '0.000001',
      '1e-05',
      '2.5E+3',
      '.5',
      '7.',
      '007',
      'NaN',
      '+Inf',
      '-Inf',
    ];
    for (let k = 0; k < 2000; k++) {
      const x = (random() - 0.5) * 10 ** Math.floor(random() * 12);
      values.push(
        x.toFixed(Math.floor(random() * 16)),
        String(x),
        String(Math.round(x)),
      );
    }
    const times = ['1000', '1000.0', '1000.001', '1.06e3', '1060.4999'];
    const grid = { startMs: 1_000_000, stepMs: 60_000, points: values.length };
    const result = values.map((v, k) => ({
      metric: { k: String(k) },
      values: [[times[k % times.length], v]],
    }));
    // Times as JSON numbers, as Prometheus writes them.
    const text = JSON.stringify({
      status: 'success',
      data: { resultType: 'matrix', result },
    }).replace(/\[\["([^"]+)",/g, '[[$1,');
    const answer = readMatrixAnswer(text, grid);
    answer.series!.forEach((series, k) => {
      const seconds = Number(times[k % times.length]);
      const index = Math.round((seconds * 1000 - grid.startMs) / grid.stepMs);
      const expected =
        {
          '+Inf': Infinity,
          '-Inf': -Infinity,
        }[values[k]] ?? Number(values[k]);
      expect([values[k], series.values[index]]).toEqual([values[k], expected]);
      expect(Object.is(series.values[index], expected)).toBe(true);
    });
    expect(answer.series).toHaveLength(values.length);
  });
});

describe('readMatrixAnswerInSlices', () => {
  const grid = { startMs: 1_000_000, stepMs: 60_000, points: 300 };
  const text = JSON.stringify({
    status: 'success',
    data: {
      resultType: 'matrix',
      result: Array.from({ length: 40 }, (_, s) => ({
        metric: { pod: `p${s}` },
        values: Array.from({ length: 300 }, (__, i) => [
          1000 + i * 60,
          String((s * i) % 7),
        ]),
      })),
    },
  });

  it('reads what readMatrixAnswer reads, letting other work run between series', async () => {
    let ticks = 0;
    let reading = true;
    const tick = () => {
      ticks++;
      if (reading) setImmediate(tick);
    };
    setImmediate(tick);
    // Slices of 0 ms: a pause after every series.
    const answer = await readMatrixAnswerInSlices(text, grid, 0);
    reading = false;
    expect(answer).toEqual(readMatrixAnswer(text, grid));
    expect(answer.series).toHaveLength(40);
    expect(ticks).toBeGreaterThanOrEqual(20);
  });

  it('reads answers the scanner does not expect as plain JSON, and throws on text that is not JSON', async () => {
    const plain = '{"status":"error","errorType":"bad_data","error":"x"}';
    await expect(readMatrixAnswerInSlices(plain, grid)).resolves.toEqual(
      readMatrixAnswer(plain, grid),
    );
    await expect(
      readMatrixAnswerInSlices('<html>Bad gateway</html>', grid),
    ).rejects.toThrow(SyntaxError);
  });
});
