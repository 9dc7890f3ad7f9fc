import { createHash, randomBytes } from 'node:crypto';
import { SandboxClock } from '../clock';
import {
  AwsPrincipal,
  SANDBOX_ACCOUNT_ID,
  SandboxCredential,
  SandboxRole,
} from '../types';

/** The IAM user whose keys the sandbox hands out; it also "created" every cluster. */
export const SANDBOX_ADMIN_ARN = `arn:aws:iam::${SANDBOX_ACCOUNT_ID}:user/sandbox-admin`;

/** Expired temporary credentials are kept this long, so callers get ExpiredToken rather than an unknown key. */
const KEEP_EXPIRED_MS = 24 * 60 * 60 * 1000;
/** A bound on issued credentials, so a long-running sandbox can't grow without limit. */
const MAX_TEMPORARY_CREDENTIALS = 10_000;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function randomBase32(length: number): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, b => BASE32[b % 32]).join('');
}

/**
 * A stable IAM unique id (`AIDA…` for users, `AROA…` for roles) derived from
 * the ARN, so ids survive a restart without being stored.
 */
export function iamUniqueId(prefix: 'AIDA' | 'AROA', arn: string): string {
  const digest = createHash('sha256').update(arn).digest();
  return (
    prefix + Array.from(digest.subarray(0, 17), b => BASE32[b % 32]).join('')
  );
}

/** The parts of an IAM role ARN: `arn:aws:iam::<acct>:role/<path/>name`. */
export function parseRoleArn(
  arn: string,
): { account: string; name: string; path: string } | undefined {
  const m =
    /^arn:aws:iam::(\d{12}):role\/((?:[^/]+\/)*)([\w+=,.@-]{1,64})$/.exec(arn);
  return m ? { account: m[1], path: m[2], name: m[3] } : undefined;
}

/** The ARN STS gives a session of a role: only the role's name, not its path. */
export function assumedRoleArn(roleArn: string, sessionName: string): string {
  const role = parseRoleArn(roleArn);
  if (!role) throw new Error(`not an IAM role ARN: ${roleArn}`);
  return `arn:aws:sts::${role.account}:assumed-role/${role.name}/${sessionName}`;
}

/** The persisted form of an {@link IdentityStore}. */
export interface IdentityStoreJSON {
  version: 1;
  admin: SandboxCredential;
  temporary: SandboxCredential[];
  roles: SandboxRole[];
}

function isCredential(value: unknown): value is SandboxCredential {
  const c = value as SandboxCredential;
  return (
    typeof c === 'object' &&
    c !== null &&
    typeof c.accessKeyId === 'string' &&
    typeof c.secretAccessKey === 'string' &&
    typeof c.arn === 'string' &&
    (c.sessionToken === undefined || typeof c.sessionToken === 'string') &&
    (c.expiresAtMs === undefined || typeof c.expiresAtMs === 'number') &&
    (c.roleArn === undefined || typeof c.roleArn === 'string')
  );
}

function isRole(value: unknown): value is SandboxRole {
  const r = value as SandboxRole;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.arn === 'string' &&
    (r.externalId === undefined || typeof r.externalId === 'string')
  );
}

/**
 * The sandbox account's identities: the admin IAM user's access key, the
 * temporary credentials AssumeRole issued, and the roles that may be assumed.
 */
export class IdentityStore {
  private constructor(
    private readonly clock: SandboxClock,
    private readonly admin: SandboxCredential,
    private readonly temporary: Map<string, SandboxCredential>,
    private readonly roleByArn: Map<string, SandboxRole>,
  ) {}

  /** A fresh account: the admin user gets new random keys. */
  static create(clock: SandboxClock, roles: SandboxRole[] = []): IdentityStore {
    const admin: SandboxCredential = {
      accessKeyId: `AKIA${randomBase32(16)}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      arn: SANDBOX_ADMIN_ARN,
    };
    const store = new IdentityStore(clock, admin, new Map(), new Map());
    roles.forEach(role => store.addRole(role));
    return store;
  }

  /** Restores a store saved with {@link IdentityStore.toJSON}. */
  static fromJSON(json: unknown, clock: SandboxClock): IdentityStore {
    const state = json as IdentityStoreJSON;
    if (
      typeof state !== 'object' ||
      state === null ||
      state.version !== 1 ||
      !isCredential(state.admin) ||
      !Array.isArray(state.temporary) ||
      !state.temporary.every(isCredential) ||
      !Array.isArray(state.roles) ||
      !state.roles.every(isRole)
    ) {
      throw new Error('not a saved sandbox identity store (version 1)');
    }
    const store = new IdentityStore(
      clock,
      { ...state.admin },
      new Map(state.temporary.map(c => [c.accessKeyId, { ...c }])),
      new Map(),
    );
    state.roles.forEach(role => store.addRole(role));
    return store;
  }

  toJSON(): IdentityStoreJSON {
    return {
      version: 1,
      admin: { ...this.admin },
      temporary: [...this.temporary.values()].map(c => ({ ...c })),
      roles: this.roles(),
    };
  }

  /** The admin IAM user's long-term access key. */
  adminCredential(): SandboxCredential {
    return { ...this.admin };
  }

  /** The credential an access key id belongs to (expired ones included, so they can be reported as such). */
  findCredential(accessKeyId: string): SandboxCredential | undefined {
    if (accessKeyId === this.admin.accessKeyId) return this.admin;
    return this.temporary.get(accessKeyId);
  }

  /** Makes a role assumable; a role with the same ARN is replaced. */
  addRole(role: SandboxRole): void {
    if (!parseRoleArn(role.arn)) {
      throw new Error(`not an IAM role ARN: ${role.arn}`);
    }
    this.roleByArn.set(role.arn, { ...role });
  }

  role(arn: string): SandboxRole | undefined {
    const role = this.roleByArn.get(arn);
    return role && { ...role };
  }

  roles(): SandboxRole[] {
    return [...this.roleByArn.values()].map(r => ({ ...r }));
  }

  /**
   * Issues temporary credentials for a session of a known role (the caller
   * checks ExternalId and duration first, as STS does).
   */
  issueRoleCredential(options: {
    roleArn: string;
    sessionName: string;
    durationSeconds: number;
  }): SandboxCredential {
    if (!this.roleByArn.has(options.roleArn)) {
      throw new Error(`unknown role ${options.roleArn}`);
    }
    this.prune();
    const credential: SandboxCredential = {
      accessKeyId: `ASIA${randomBase32(16)}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      // Real session tokens are long opaque base64 with `+`, `/` and `=`:
      // keeping that shape exercises the clients' URL and header encoding.
      sessionToken: `IQoJb3JpZ2luX2VjE${randomBytes(240).toString('base64')}`,
      expiresAtMs: this.clock.nowMs() + options.durationSeconds * 1000,
      arn: assumedRoleArn(options.roleArn, options.sessionName),
      roleArn: options.roleArn,
    };
    this.temporary.set(credential.accessKeyId, credential);
    return { ...credential };
  }

  /** Who a credential stands for, as GetCallerIdentity and EKS see it. */
  principalOf(credential: SandboxCredential): AwsPrincipal {
    const account = /^arn:aws:(?:iam|sts)::(\d{12}):/.exec(credential.arn)?.[1];
    if (credential.roleArn) {
      const sessionName = credential.arn.slice(
        credential.arn.lastIndexOf('/') + 1,
      );
      return {
        arn: credential.arn,
        account: account ?? SANDBOX_ACCOUNT_ID,
        userId: `${iamUniqueId('AROA', credential.roleArn)}:${sessionName}`,
        principalArn: credential.roleArn,
        sessionName,
      };
    }
    return {
      arn: credential.arn,
      account: account ?? SANDBOX_ACCOUNT_ID,
      userId: iamUniqueId('AIDA', credential.arn),
      principalArn: credential.arn,
    };
  }

  private prune(): void {
    const cutoff = this.clock.nowMs() - KEEP_EXPIRED_MS;
    for (const [key, c] of this.temporary) {
      if ((c.expiresAtMs ?? Infinity) < cutoff) this.temporary.delete(key);
    }
    // Maps iterate in insertion order: the oldest credentials go first.
    for (const key of this.temporary.keys()) {
      if (this.temporary.size < MAX_TEMPORARY_CREDENTIALS) break;
      this.temporary.delete(key);
    }
  }
}
