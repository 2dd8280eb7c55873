-- The app role keeps only the rights code uses. It never updates tenants (profile, tiers and
-- offboarding run as the platform role) and never writes memberships (the platform role does).
REVOKE UPDATE ON "tenants" FROM bulkhead_app;
REVOKE INSERT, UPDATE, DELETE ON "memberships" FROM bulkhead_app;

-- Nor may it read every user's password hash: the columns it needs, and one function that returns
-- the credentials of one account by email for the password check.
REVOKE SELECT ON "users" FROM bulkhead_app;
GRANT SELECT ("id", "email", "name", "platform_role", "disabled_at", "created_at") ON "users" TO bulkhead_app;

CREATE FUNCTION bulkhead_sign_in_credentials(p_email text)
RETURNS TABLE (user_id uuid, email text, name text, password_hash text, is_disabled boolean)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
  SELECT u.id, u.email, u.name, u.password_hash, u.disabled_at IS NOT NULL FROM users u WHERE u.email = p_email
$$;
REVOKE ALL ON FUNCTION bulkhead_sign_in_credentials(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bulkhead_sign_in_credentials(text) TO bulkhead_app;

-- The input screen no longer builds rules from other tenants' names (they let a caller learn which
-- tenants exist), so the directory of every active tenant goes.
DROP FUNCTION bulkhead_tenant_directory();

-- Sign-in failures counted across processes, per account (by email, known or not) and per client
-- address, each key a SHA-256 digest (lib/auth/sign-in-throttle.ts). Not tenant data: no RLS, like sessions.
CREATE TABLE "sign_in_throttles" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL,
    -- What the window before this one counted, reported by the first failure of the new window.
    "previous_failures" INTEGER NOT NULL DEFAULT 0,
    "window_started_at" TIMESTAMPTZ(3) NOT NULL,
    "blocked_until" TIMESTAMPTZ(3),

    CONSTRAINT "sign_in_throttles_pkey" PRIMARY KEY ("key")
);
GRANT SELECT, INSERT, UPDATE, DELETE ON "sign_in_throttles" TO bulkhead_app;
GRANT SELECT, DELETE ON "sign_in_throttles" TO bulkhead_platform;

-- The most any tenant may be allowed (rate limit and burst), set by platform admins; one row. It
-- starts at the limits the settings form had, so nothing changes until a platform admin lowers it.
CREATE TABLE "platform_gateway_limits" (
    "id" BOOLEAN NOT NULL DEFAULT true,
    "max_requests_per_minute" INTEGER NOT NULL,
    "max_burst" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "platform_gateway_limits_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "platform_gateway_limits_one_row" CHECK ("id"),
    CONSTRAINT "platform_gateway_limits_positive" CHECK ("max_requests_per_minute" > 0 AND "max_burst" > 0)
);
INSERT INTO "platform_gateway_limits" ("max_requests_per_minute", "max_burst") VALUES (1000000, 100000);
GRANT SELECT ON "platform_gateway_limits" TO bulkhead_app;
GRANT SELECT, UPDATE ON "platform_gateway_limits" TO bulkhead_platform;
