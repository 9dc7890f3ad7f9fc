import { get, IncomingMessage } from 'node:http';
import { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import express from 'express';
import request from 'supertest';
import { ReportAnswers, sendAnswer } from './reportAnswers';

describe('ReportAnswers', () => {
  it('builds an answer once per report, previous period and extra; a new report object builds anew', () => {
    const answers = new ReportAnswers();
    const report = { spend: 1 };
    const previous = { spend: 2 };
    const body = jest.fn(() => ({ report, previous }));
    const first = answers.of(report, previous, { team: 'recsys' }, body);
    expect(answers.of(report, previous, { team: 'recsys' }, body)).toBe(first);
    expect(body).toHaveBeenCalledTimes(1);
    expect(JSON.parse(first.json.toString())).toEqual({ report, previous });
    answers.of(report, previous, { team: 'ml-research' }, body);
    answers.of(report, { spend: 2 }, { team: 'recsys' }, body);
    answers.of({ spend: 1 }, previous, { team: 'recsys' }, body);
    expect(body).toHaveBeenCalledTimes(4);
  });
});

describe('sendAnswer', () => {
  const answers = new ReportAnswers();
  const body = { report: { rows: Array.from({ length: 500 }, (_, i) => i) } };
  const app = express();
  app.get('/', (req, res) =>
    sendAnswer(
      req,
      res,
      answers.of(body, body, {}, () => body),
    ),
  );

  it('sends gzip to a client that accepts it, JSON the same as res.json would', async () => {
    // Raw bytes, as sent: supertest would decompress them.
    const server = app.listen(0);
    try {
      const { port } = server.address() as AddressInfo;
      const res = await new Promise<IncomingMessage>(resolve =>
        get(
          `http://127.0.0.1:${port}/`,
          { headers: { 'Accept-Encoding': 'gzip' } },
          resolve,
        ),
      );
      const chunks: Buffer[] = [];
      for await (const chunk of res) chunks.push(chunk);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBe('gzip');
      expect(res.headers['content-type']).toBe(
        'application/json; charset=utf-8',
      );
      expect(res.headers.vary).toContain('Accept-Encoding');
      expect(JSON.parse(gunzipSync(Buffer.concat(chunks)).toString())).toEqual(
        body,
      );
    } finally {
      server.close();
    }
  });

  it('sends plain JSON to a client that does not accept gzip', async () => {
    const res = await request(app).get('/').set('Accept-Encoding', 'identity');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body).toEqual(body);
  });
});
