import fs from 'node:fs/promises';
import path from 'node:path';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { parseAllDocuments, stringify } from 'yaml';
import { KubeObject } from '../kubernetes/types';

/**
 * Resolves a path the template gives, relative to the task's workspace:
 * refuses absolute paths and `..`, and anything that resolves outside (symlinks).
 */
export function workspacePath(
  workspace: string,
  relative: string,
  input: string,
): string {
  if (
    path.isAbsolute(relative) ||
    relative.split(/[\\/]/).includes('..') ||
    relative.includes('\0')
  ) {
    throw new InputError(
      `${input} "${relative}" must be a path inside the workspace, relative and without ".."`,
    );
  }
  return resolveSafeChildPath(workspace, relative);
}

/** The file name of a rendered object: `<kind>-<name>.yaml`. */
export function manifestFileName(obj: KubeObject): string {
  return `${obj.kind.toLowerCase()}-${obj.metadata.name}.yaml`;
}

const HEADER =
  '# Rendered by the aiml:workload:render scaffolder action (eks-aiml).\n';

/**
 * Writes one YAML file per object under `targetPath` of the workspace and
 * returns their paths relative to the workspace, in order.
 */
export async function writeManifests(options: {
  workspace: string;
  targetPath: string;
  objects: KubeObject[];
}): Promise<string[]> {
  const dir = workspacePath(
    options.workspace,
    options.targetPath,
    'targetPath',
  );
  await fs.mkdir(dir, { recursive: true });
  const files: string[] = [];
  for (const obj of options.objects) {
    const file = path.join(dir, manifestFileName(obj));
    await fs.writeFile(file, HEADER + stringify(obj, { lineWidth: 0 }), 'utf8');
    files.push(
      path.relative(options.workspace, file).split(path.sep).join('/'),
    );
  }
  return files;
}

/** One object read from the workspace, and where it came from. */
export type ManifestDocument = {
  /** `manifests/deployment-x.yaml#1`: file (relative) and document number. */
  source: string;
  object: unknown;
};

const MAX_FILES = 64;
const MAX_FILE_BYTES = 1024 * 1024;

async function yamlFilesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const found: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) found.push(...(await yamlFilesUnder(full)));
    else if (e.isFile() && /\.ya?ml$/.test(e.name)) found.push(full);
  }
  return found;
}

/**
 * Reads the YAML documents of files and directories (recursively, `.yaml` and
 * `.yml`) of the workspace. Empty documents are skipped; a file that does not
 * parse is an InputError naming it.
 */
export async function readManifests(options: {
  workspace: string;
  paths: string[];
}): Promise<ManifestDocument[]> {
  const files: string[] = [];
  for (const p of options.paths) {
    const full = workspacePath(options.workspace, p, 'paths');
    const stat = await fs.stat(full).catch(() => undefined);
    if (!stat) {
      throw new InputError(`paths: "${p}" does not exist in the workspace`);
    }
    files.push(...(stat.isDirectory() ? await yamlFilesUnder(full) : [full]));
  }
  if (files.length === 0) {
    throw new InputError(
      `paths (${options.paths.join(', ')}) hold no .yaml or .yml file to apply`,
    );
  }
  if (files.length > MAX_FILES) {
    throw new InputError(
      `paths hold ${files.length} files; at most ${MAX_FILES} are applied at once`,
    );
  }
  const documents: ManifestDocument[] = [];
  for (const file of [...new Set(files)]) {
    const relative = path
      .relative(options.workspace, file)
      .split(path.sep)
      .join('/');
    // Symlinks inside the workspace may point out of it.
    resolveSafeChildPath(options.workspace, relative);
    const text = await fs.readFile(file, 'utf8');
    if (Buffer.byteLength(text) > MAX_FILE_BYTES) {
      throw new InputError(`${relative} is larger than 1 MiB`);
    }
    parseAllDocuments(text).forEach((doc, i) => {
      if (doc.errors.length > 0) {
        throw new InputError(
          `${relative} (document ${i + 1}) is not valid YAML: ${
            doc.errors[0].message
          }`,
        );
      }
      const object = doc.toJS();
      if (object !== null && object !== undefined) {
        documents.push({ source: `${relative}#${i + 1}`, object });
      }
    });
  }
  return documents;
}
