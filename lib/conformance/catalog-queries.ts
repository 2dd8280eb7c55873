import 'server-only';
import type pg from 'pg';

/** A tenant table whose row-level security is not what the security model requires. */
export interface CatalogProblem {
  table: string;
  problem: string;
}

/**
 * Reads the security model back from the catalog for one schema, as any role can: every table with
 * a tenant column (and `tenants`) must have RLS enabled AND forced, a policy keyed on the tenant
 * setting covering reads and writes, and policies that read no setting but `app.tenant_id`. Returns the tables judged and the problems.
 */
export async function inspectSchemaCatalog(client: pg.Client, schemaName: string): Promise<{ tables: string[]; problems: CatalogProblem[] }> {
  const { rows } = await client.query<{
    relname: string;
    enabled: boolean;
    forced: boolean;
    has_read: boolean | null;
    has_write_check: boolean | null;
    exprs: string[] | null;
  }>(
    `SELECT c.relname, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
            bool_or(p.polcmd IN ('*', 'r') AND pg_get_expr(p.polqual, p.polrelid) LIKE '%app.tenant_id%') AS has_read,
            bool_or(p.polcmd IN ('*', 'a') AND pg_get_expr(p.polwithcheck, p.polrelid) LIKE '%app.tenant_id%') AS has_write_check,
            array_agg(coalesce(pg_get_expr(p.polqual, p.polrelid), '') || ' ' || coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '')) FILTER (WHERE p.oid IS NOT NULL) AS exprs
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_policy p ON p.polrelid = c.oid
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')
        AND (c.relname = 'tenants' OR EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped))
      GROUP BY c.oid, c.relname, c.relrowsecurity, c.relforcerowsecurity
      ORDER BY c.relname`,
    [schemaName],
  );
  const problems: CatalogProblem[] = [];
  for (const row of rows) {
    const table = `${schemaName}.${row.relname}`;
    if (!row.enabled) problems.push({ table, problem: 'row-level security is not enabled' });
    if (!row.forced) problems.push({ table, problem: 'row-level security is not forced' });
    if (!row.has_read || !row.has_write_check) problems.push({ table, problem: 'no policy covering both reads and writes' });
    for (const expression of row.exprs ?? []) {
      const settings = [...expression.matchAll(/current_setting\('([^']+)'/g)].map((match) => match[1]);
      if (settings.some((name) => name !== 'app.tenant_id')) problems.push({ table, problem: `a policy reads ${settings.join(', ')}` });
    }
  }
  return { tables: rows.map((row) => row.relname), problems };
}

/** What a role may do beyond its grants, and what it owns: both must be nothing for a request role. */
export async function inspectRolePower(client: pg.Client, roleName: string): Promise<string[]> {
  const found: string[] = [];
  const role = await client.query('SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = $1', [roleName]);
  if (role.rows.length === 0) return [`role ${roleName} not found`];
  for (const [attribute, isSet] of Object.entries(role.rows[0])) if (isSet) found.push(attribute);
  const owned = await client.query(
    `SELECT count(*)::int AS n FROM (
       SELECT 1 FROM pg_class WHERE relowner = $1::regrole
       UNION ALL SELECT 1 FROM pg_namespace WHERE nspowner = $1::regrole
       UNION ALL SELECT 1 FROM pg_proc WHERE proowner = $1::regrole
       UNION ALL SELECT 1 FROM pg_database WHERE datdba = $1::regrole) owned`,
    [roleName],
  );
  if (owned.rows[0].n > 0) found.push(`owns ${owned.rows[0].n} objects`);
  // The app role may take placement roles inside a transaction, never hold their rights outright or pass them on.
  const memberships = await client.query<{ rolname: string; inherit_option: boolean; admin_option: boolean }>(
    `SELECT r.rolname, m.inherit_option, m.admin_option FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid
      WHERE m.member = $1::regrole AND (m.inherit_option OR m.admin_option) ORDER BY r.rolname`,
    [roleName],
  );
  for (const membership of memberships.rows) {
    if (membership.inherit_option) found.push(`inherits the rights of ${membership.rolname}`);
    if (membership.admin_option) found.push(`may grant ${membership.rolname}`);
  }
  return found;
}
