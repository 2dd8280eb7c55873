-- Prompt configurations (issue 7): each version has a state (draft, active, archived) and its own
-- model parameters; activated_at orders past activations, so a rollback knows what was live before.
-- Generated shape (prisma migrate diff) first, then the constraints Prisma cannot express.

-- AlterTable
ALTER TABLE "prompt_versions" ADD COLUMN     "activated_at" TIMESTAMPTZ(3),
ADD COLUMN     "max_tokens" INTEGER NOT NULL DEFAULT 512,
ADD COLUMN     "model" TEXT NOT NULL DEFAULT 'sim-small',
ADD COLUMN     "state" TEXT NOT NULL DEFAULT 'draft',
ADD COLUMN     "temperature" DOUBLE PRECISION NOT NULL DEFAULT 0.2,
ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- ---------------------------------------------------------------------------------------------
-- Invariants the application relies on, enforced where every writer passes. Rows written before
-- this migration become drafts; lib/prompts never treats a draft as live.
-- ---------------------------------------------------------------------------------------------

ALTER TABLE "prompt_versions" ADD CONSTRAINT "prompt_versions_state_check" CHECK ("state" IN ('draft', 'active', 'archived'));
ALTER TABLE "prompt_versions" ADD CONSTRAINT "prompt_versions_temperature_check" CHECK ("temperature" >= 0 AND "temperature" <= 2);
ALTER TABLE "prompt_versions" ADD CONSTRAINT "prompt_versions_max_tokens_check" CHECK ("max_tokens" BETWEEN 1 AND 32768);

-- At most one live version per configuration, whatever races between two activations.
CREATE UNIQUE INDEX "prompt_versions_one_active_key" ON "prompt_versions"("tenant_id", "config_id") WHERE "state" = 'active';
