-- Whether a tenant allows provider-side storage (`store: true`) on a shared model endpoint. Off by
-- default: a stored completion sits in the provider account that every tenant of the pool shares.
-- Dedicated endpoints are the tenant's own account and need no such consent.
ALTER TABLE "gateway_settings" ADD COLUMN "allow_provider_store" BOOLEAN NOT NULL DEFAULT false;
