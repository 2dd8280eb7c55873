-- Each encrypted placement of the prompt and retrieval layers seals its rows under a KMS key of its
-- own (lib/placement/placement-keys.ts), so destroying a copy can crypto-shred it: the key is
-- scheduled for deletion and every backup of that copy stops decrypting. Placements that exist
-- already keep the tenant key (key_id null) until they next move.
ALTER TABLE "placements" ADD COLUMN "key_id" TEXT;
ALTER TABLE "placement_operations" ADD COLUMN "key_id" TEXT;
ALTER TABLE "placement_operations" ADD COLUMN "source_key_id" TEXT;
