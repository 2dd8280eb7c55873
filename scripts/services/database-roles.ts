import pg from 'pg';
import type { LocalSecrets } from './local-secrets';

/** The three login roles Bulkhead uses. Only the owner owns anything; the other two are plain users. */
export const roleNames = {
  owner: 'bulkhead_owner',
  app: 'bulkhead_app',
  platform: 'bulkhead_platform',
} as const;

export interface DatabaseUrls {
  /** Runs migrations and provisioning; owns the schema. Never used by request handling. */
  ownerUrl: string;
  /** What the console and the gateway connect as: owns nothing, NOBYPASSRLS. */
  appUrl: string;
  /** The separate, explicit cross-tenant path for platform admins. */
  platformUrl: string;
}

export function deriveDatabaseUrls(adminUrl: string, database: string, secrets: LocalSecrets): DatabaseUrls {
  const withRole = (user: string, password: string) => {
    const url = new URL(adminUrl);
    url.username = user;
    url.password = password;
    url.pathname = `/${database}`;
    return url.toString();
  };
  return {
    ownerUrl: withRole(roleNames.owner, secrets.ownerPassword),
    appUrl: withRole(roleNames.app, secrets.appPassword),
    platformUrl: withRole(roleNames.platform, secrets.platformPassword),
  };
}

/**
 * Creates (or re-asserts) the roles and the database, connected as a superuser or a role
 * with CREATEROLE and CREATEDB. Idempotent: safe on every start.
 */
export async function bootstrapDatabase(adminUrl: string, database: string, secrets: LocalSecrets) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await ensureRole(admin, roleNames.owner, secrets.ownerPassword, 'LOGIN NOSUPERUSER NOBYPASSRLS CREATEROLE CREATEDB');
    for (const role of [roleNames.app, roleNames.platform]) {
      const password = role === roleNames.app ? secrets.appPassword : secrets.platformPassword;
      await ensureRole(admin, role, password, 'LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT');
    }
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) {
      await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(database)} OWNER ${roleNames.owner} ENCODING 'UTF8'`);
    }
    await admin.query(`REVOKE ALL ON DATABASE ${pg.escapeIdentifier(database)} FROM PUBLIC`);
    await admin.query(`GRANT CONNECT ON DATABASE ${pg.escapeIdentifier(database)} TO ${roleNames.app}, ${roleNames.platform}`);
  } finally {
    await admin.end();
  }
  // The public schema belongs to the database owner from PG 15 on; make sure of it on older servers.
  const owned = new pg.Client({ connectionString: withDatabase(adminUrl, database) });
  await owned.connect();
  try {
    await owned.query(`ALTER SCHEMA public OWNER TO ${roleNames.owner}`);
    await owned.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
  } finally {
    await owned.end();
  }
}

export async function dropDatabase(adminUrl: string, database: string) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

async function ensureRole(admin: pg.Client, role: string, password: string, attributes: string) {
  const found = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  const verb = found.rowCount === 0 ? 'CREATE' : 'ALTER';
  // Passwords cannot be bound parameters in DDL; escapeLiteral quotes them safely.
  await admin.query(`${verb} ROLE ${role} WITH ${attributes} PASSWORD ${admin.escapeLiteral(password)}`);
}

function withDatabase(url: string, database: string) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
