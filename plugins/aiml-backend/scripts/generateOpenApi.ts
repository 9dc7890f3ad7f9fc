/*
 * Generates the TypeScript of the aiml HTTP contract from its one source,
 * plugins/aiml-backend/src/schema/openapi.yaml:
 *
 * - plugins/aiml-common/src/api/openapi.generated.ts: the models (openapi-typescript),
 *   shared by the backend's routes and the frontend's client;
 * - plugins/aiml-backend/src/schema/openapi.generated.ts: the spec as a const, for the
 *   typed router of @backstage/backend-openapi-utils.
 *
 * `yarn openapi:generate` writes them; `src/schema/openapi.generated.test.ts` fails when
 * the committed files differ from what this produces, so a spec change that was not
 * regenerated breaks the build. (Backstage's `repo-tools package schema openapi generate`
 * does the same job but needs Java.)
 */
import fs from 'node:fs';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { parse } from 'yaml';

/** The parts of prettier 2 (which ships no types) that formatting needs. */
interface Prettier {
  resolveConfig(file: string): Promise<object | null>;
  format(text: string, options: object): string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const prettier: Prettier = require('prettier');

const BACKEND = path.resolve(__dirname, '..');

/** The spec, the one source of the contract. */
export const OPENAPI_SPEC = path.join(BACKEND, 'src/schema/openapi.yaml');

/** The generated files, by what they hold. */
export const OPENAPI_TARGETS = {
  models: path.resolve(BACKEND, '../aiml-common/src/api/openapi.generated.ts'),
  spec: path.join(BACKEND, 'src/schema/openapi.generated.ts'),
};

const HEADER = [
  '/* eslint-disable */',
  '// Generated from plugins/aiml-backend/src/schema/openapi.yaml by `yarn openapi:generate`.',
  '// Do not edit: change the spec and regenerate.',
  '',
].join('\n');

async function format(file: string, text: string): Promise<string> {
  const config = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(text, { ...config, filepath: file });
}

/** The generated files' contents, by path. */
export async function generateOpenApiFiles(): Promise<Record<string, string>> {
  const doc = parse(fs.readFileSync(OPENAPI_SPEC, 'utf8'));
  // The named models of aiml-common refer to `components`: it is public API too.
  // openapi-typescript's JSDoc (@description, @enum) is not TSDoc; the spec keeps the
  // descriptions, the API report needs none of them.
  const models = astToString(await openapiTS(doc, { silent: true }))
    .replace(/^\s*\/\*\*[\s\S]*?\*\/\n/gm, '')
    .replace(
      'export interface components {',
      '/**\n * The schemas of openapi.yaml, as openapi-typescript writes them.\n *\n * @public\n */\nexport interface components {',
    );
  const spec = [
    '/** The aiml HTTP contract (openapi.yaml) as a const, for typed routers. */',
    `export const spec = ${JSON.stringify(doc, null, 2)} as const;`,
    '',
  ].join('\n');
  return {
    [OPENAPI_TARGETS.models]: await format(
      OPENAPI_TARGETS.models,
      `${HEADER}\n${models}`,
    ),
    [OPENAPI_TARGETS.spec]: await format(
      OPENAPI_TARGETS.spec,
      `${HEADER}\n${spec}`,
    ),
  };
}

async function main() {
  const files = await generateOpenApiFiles();
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
  }
}

if (require.main === module) {
  main().catch(error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  });
}
