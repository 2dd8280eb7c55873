import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type pg from 'pg';
import { connectAsApp, connectAsOwner } from '@/lib/testing/fixtures';

// The security model, read back from the Postgres catalog: these fail the moment a migration
// adds a tenant table without RLS, a view that bypasses it, or gives the app role power.
describe('database catalog', () => {
  let owner: pg.Client;
  before(async () => {
    owner = await connectAsOwner();
  });
  after(() => owner.end());

  test('every table with a tenant column (and tenants itself) has RLS enabled and forced', async () => {
    const { rows } = await owner.query(`
      SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind IN ('r', 'p') AND n.nspname = 'public'
         AND (c.relname = 'tenants' OR EXISTS (
              SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped))`);
    assert.ok(rows.length >= 3, `expected tenant tables, found ${rows.map((r) => r.relname)}`);
    const unprotected = rows.filter((row) => !row.relrowsecurity || !row.relforcerowsecurity).map((row) => row.relname);
    assert.deepEqual(unprotected, []);
  });

  test('every tenant table has a policy for the app role covering reads and writes', async () => {
    const { rows } = await owner.query(`
      SELECT c.relname,
             bool_or(p.polcmd IN ('*', 'r') AND p.polqual IS NOT NULL) AS has_read,
             bool_or(p.polcmd = '*' AND p.polwithcheck IS NOT NULL) AS has_write_check
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_policy p ON p.polrelid = c.oid
       WHERE n.nspname = 'public' AND 'bulkhead_app'::regrole = ANY (p.polroles)
       GROUP BY c.relname`);
    const tenantTables = await owner.query(`
      SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relrowsecurity`);
    for (const { relname } of tenantTables.rows) {
      const policy = rows.find((row) => row.relname === relname);
      assert.ok(policy, `${relname} has RLS but no policy for bulkhead_app`);
      assert.ok(policy.has_read && policy.has_write_check, `${relname}: app policy must cover USING and WITH CHECK`);
    }
  });

  test('policies are keyed only on app.tenant_id (no other setting, which any role could set)', async () => {
    const { rows } = await owner.query(`
      SELECT c.relname, p.polname,
             coalesce(pg_get_expr(p.polqual, p.polrelid), '') || ' ' || coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '') AS expr
        FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid`);
    assert.ok(rows.length > 0);
    for (const row of rows) {
      const settings = [...row.expr.matchAll(/current_setting\('([^']+)'/g)].map((match) => match[1]);
      assert.ok(
        settings.every((name) => name === 'app.tenant_id'),
        `${row.relname}.${row.polname} reads ${settings}`,
      );
      if (settings.length) assert.match(row.expr, /NULLIF\(current_setting\('app\.tenant_id'::text, true\), ''::text\)\)?::uuid/);
    }
  });

  test('the app role is not a superuser, cannot bypass RLS and owns nothing', async () => {
    const role = await owner.query(`SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = 'bulkhead_app'`);
    assert.deepEqual(role.rows[0], { rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false });
    const owned = await owner.query(`
      SELECT 'relation' AS kind, relname AS name FROM pg_class WHERE relowner = 'bulkhead_app'::regrole
      UNION ALL SELECT 'schema', nspname FROM pg_namespace WHERE nspowner = 'bulkhead_app'::regrole
      UNION ALL SELECT 'function', proname FROM pg_proc WHERE proowner = 'bulkhead_app'::regrole
      UNION ALL SELECT 'type', typname FROM pg_type WHERE typowner = 'bulkhead_app'::regrole
      UNION ALL SELECT 'database', datname FROM pg_database WHERE datdba = 'bulkhead_app'::regrole`);
    assert.deepEqual(owned.rows, []);
  });

  test("no view over tenant tables runs with its owner's rights (security_invoker required)", async () => {
    const { rows } = await owner.query(`
      SELECT v.relname
        FROM pg_class v JOIN pg_namespace n ON n.oid = v.relnamespace
       WHERE v.relkind IN ('v', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
         AND NOT coalesce('security_invoker=true' = ANY (v.reloptions), false)
         AND EXISTS (
           SELECT 1 FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid
             JOIN pg_class t ON t.oid = d.refobjid
            WHERE r.ev_class = v.oid AND t.relrowsecurity)`);
    assert.deepEqual(
      rows.map((row) => row.relname),
      [],
    );
  });

  test('positive control: the view check sees a view that would bypass RLS', async () => {
    await owner.query('BEGIN');
    try {
      await owner.query('CREATE VIEW leaky_memberships AS SELECT * FROM memberships');
      const { rows } = await owner.query(`
        SELECT v.relname FROM pg_class v
         WHERE v.relname = 'leaky_memberships'
           AND NOT coalesce('security_invoker=true' = ANY (v.reloptions), false)
           AND EXISTS (SELECT 1 FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class t ON t.oid = d.refobjid
                        WHERE r.ev_class = v.oid AND t.relrowsecurity)`);
      assert.equal(rows.length, 1);
    } finally {
      await owner.query('ROLLBACK');
    }
  });

  /** Rights the app role must not hold: no code path uses them, so they could only serve an attacker. */
  const UNUSED_APP_RIGHTS_SQL = `
    SELECT right_name FROM (VALUES
      ('UPDATE on tenants', has_table_privilege('bulkhead_app', 'public.tenants', 'UPDATE')),
      ('UPDATE on memberships', has_table_privilege('bulkhead_app', 'public.memberships', 'UPDATE')),
      ('UPDATE on memberships.tenant_id', has_column_privilege('bulkhead_app', 'public.memberships', 'tenant_id', 'UPDATE')),
      ('UPDATE on memberships.user_id', has_column_privilege('bulkhead_app', 'public.memberships', 'user_id', 'UPDATE')),
      ('SELECT on users.password_hash', has_column_privilege('bulkhead_app', 'public.users', 'password_hash', 'SELECT')),
      ('any right on database_servers', has_table_privilege('bulkhead_app', 'public.database_servers', 'SELECT, INSERT, UPDATE, DELETE')),
      ('INSERT on users', has_table_privilege('bulkhead_app', 'public.users', 'INSERT')),
      ('UPDATE on users', has_column_privilege('bulkhead_app', 'public.users', 'platform_role', 'UPDATE')),
      ('DELETE on users', has_table_privilege('bulkhead_app', 'public.users', 'DELETE')),
      ('DELETE on sessions', has_table_privilege('bulkhead_app', 'public.sessions', 'DELETE')),
      ('INSERT on compliance_assignments', has_table_privilege('bulkhead_app', 'public.compliance_assignments', 'INSERT')),
      ('DELETE on compliance_assignments', has_table_privilege('bulkhead_app', 'public.compliance_assignments', 'DELETE')),
      ('UPDATE on account_links', has_table_privilege('bulkhead_app', 'public.account_links', 'UPDATE')),
      ('UPDATE on account_links.platform_role', has_column_privilege('bulkhead_app', 'public.account_links', 'platform_role', 'UPDATE')),
      ('UPDATE on account_links.used_at', has_column_privilege('bulkhead_app', 'public.account_links', 'used_at', 'UPDATE')),
      ('DELETE on account_links', has_table_privilege('bulkhead_app', 'public.account_links', 'DELETE')),
      ('the tenant directory', to_regprocedure('public.bulkhead_tenant_directory()') IS NOT NULL)
    ) AS rights (right_name, held) WHERE held`;

  test('the app role holds no right that no code uses', async () => {
    const { rows } = await owner.query(UNUSED_APP_RIGHTS_SQL);
    assert.deepEqual(
      rows.map((row) => row.right_name),
      [],
    );
  });

  test('positive control: the rights check sees a right granted back', async () => {
    await owner.query('BEGIN');
    try {
      await owner.query(
        'GRANT UPDATE ON tenants TO bulkhead_app; GRANT SELECT (password_hash) ON users TO bulkhead_app; GRANT SELECT ON database_servers TO bulkhead_app',
      );
      const { rows } = await owner.query(UNUSED_APP_RIGHTS_SQL);
      assert.deepEqual(
        rows.map((row) => row.right_name),
        ['UPDATE on tenants', 'SELECT on users.password_hash', 'any right on database_servers'],
      );
    } finally {
      await owner.query('ROLLBACK');
    }
  });

  test('as the app role: user columns read, password hashes refused, one account by email through the sign-in function', async () => {
    const app = await connectAsApp();
    try {
      await app.query('SELECT id, email, name, platform_role, disabled_at FROM users LIMIT 1');
      await assert.rejects(app.query('SELECT password_hash FROM users LIMIT 1'), (error: { code?: string }) => error.code === '42501');
      await assert.rejects(app.query('SELECT * FROM users LIMIT 1'), (error: { code?: string }) => error.code === '42501');
      const { rows } = await app.query('SELECT password_hash FROM bulkhead_sign_in_credentials($1)', ['nobody@example.test']);
      assert.deepEqual(rows, []);
    } finally {
      await app.end();
    }
  });
});
