import fs from 'node:fs';
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { parseAllDocuments } from 'yaml';

/** The committed example organization, shared by the portal, the sandbox and the tests. */
export function defaultCatalogDir(): string {
  return (
    process.env.AIML_SANDBOX_CATALOG_DIR ??
    path.resolve(resolvePackagePath('@eks-aiml/sandbox'), '../../catalog')
  );
}

export interface FixtureTeam {
  name: string;
  costCenter?: string;
}

export interface FixtureUser {
  name: string;
  memberOf: string[];
  iamRoleArn?: string;
}

export interface FixtureProject {
  name: string;
  owner: string;
  kubernetesId: string;
}

export interface CatalogFixture {
  teams: FixtureTeam[];
  users: FixtureUser[];
  projects: FixtureProject[];
}

function readEntities(file: string): any[] {
  const text = fs.readFileSync(path.join(defaultCatalogDir(), file), 'utf8');
  return parseAllDocuments(text).map(doc => doc.toJS());
}

/** Reads the example organization from catalog/*.yaml. */
export function readCatalogFixture(): CatalogFixture {
  const entities = [
    ...readEntities('org.yaml'),
    ...readEntities('components.yaml'),
  ];
  const annotation = (e: any, key: string): string | undefined =>
    e.metadata.annotations?.[key];
  return {
    teams: entities
      .filter(e => e.kind === 'Group' && e.spec.type === 'team')
      .map(e => ({
        name: e.metadata.name,
        costCenter: annotation(e, 'aiml.eks.aws/cost-center'),
      })),
    users: entities
      .filter(e => e.kind === 'User')
      .map(e => ({
        name: e.metadata.name,
        memberOf: e.spec.memberOf ?? [],
        iamRoleArn: annotation(e, 'aiml.eks.aws/iam-role-arn'),
      })),
    projects: entities
      .filter(e => e.kind === 'Component')
      .map(e => ({
        name: e.metadata.name,
        owner: e.spec.owner,
        kubernetesId:
          annotation(e, 'backstage.io/kubernetes-id') ?? e.metadata.name,
      })),
  };
}
