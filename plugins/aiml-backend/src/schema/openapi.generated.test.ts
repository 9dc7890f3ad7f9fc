import fs from 'node:fs';
import path from 'node:path';
import { generateOpenApiFiles } from '../../scripts/generateOpenApi';

// Generating runs openapi-typescript and prettier: give a shared machine room.
jest.setTimeout(60_000);

describe('the code generated from openapi.yaml', () => {
  it('is what the spec generates now (run yarn openapi:generate after changing it)', async () => {
    const files = await generateOpenApiFiles();
    expect(Object.keys(files)).toHaveLength(2);
    for (const [file, text] of Object.entries(files)) {
      const where = path.relative(path.resolve(__dirname, '../../..'), file);
      const committed = fs.existsSync(file)
        ? fs.readFileSync(file, 'utf8')
        : `${where} is missing`;
      expect({ file: where, text: committed }).toEqual({ file: where, text });
    }
  });
});
