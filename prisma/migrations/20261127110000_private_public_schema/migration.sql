-- Per-tenant placement roles must see nothing of the control plane. Schema usage is granted to the
-- Bulkhead roles by name (control-plane migration); without USAGE nobody else can reach any table or
-- function in public, whatever PUBLIC grants a function or extension carries.
REVOKE USAGE ON SCHEMA public FROM PUBLIC;
