import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { Request, Response } from 'express';

const gzipped = promisify(gzip);

/** An answer's JSON text, and the same gzipped once a client asked for it. */
interface Answer {
  json: Buffer;
  gzip?: Promise<Buffer>;
}

/**
 * JSON answers made from reports, kept as long as the reports are (a report and the
 * one of its previous period are the same objects while the usage service holds them):
 * the same answer asked again is sent as the bytes made the first time, not serialized
 * and compressed again on the event loop. Keyed by the objects, so nothing outlives them.
 */
export class ReportAnswers {
  private readonly byReport = new WeakMap<
    object,
    WeakMap<object, Map<string, Answer>>
  >();

  /**
   * The answer made from `report` and `previous` with `extra` (plain JSON, its text
   * the key), built by `body` the first time.
   */
  of(
    report: object,
    previous: object,
    extra: Record<string, unknown>,
    body: () => unknown,
  ): Answer {
    let byPrevious = this.byReport.get(report);
    if (!byPrevious) {
      byPrevious = new WeakMap();
      this.byReport.set(report, byPrevious);
    }
    let byExtra = byPrevious.get(previous);
    if (!byExtra) {
      byExtra = new Map();
      byPrevious.set(previous, byExtra);
    }
    const key = JSON.stringify(extra);
    let answer = byExtra.get(key);
    if (!answer) {
      answer = { json: Buffer.from(JSON.stringify(body())) };
      byExtra.set(key, answer);
    }
    return answer;
  }
}

/**
 * Sends an answer as `res.json` would, gzipped when the client accepts it (the root
 * router's compression leaves an encoded body alone).
 */
export async function sendAnswer(
  req: Request,
  res: Response,
  answer: Answer,
): Promise<void> {
  res.type('application/json');
  res.vary('Accept-Encoding');
  if (req.acceptsEncodings('gzip', 'identity') !== 'gzip') {
    res.send(answer.json);
    return;
  }
  answer.gzip ??= gzipped(answer.json);
  const body = await answer.gzip;
  res.setHeader('Content-Encoding', 'gzip');
  res.send(body);
}
