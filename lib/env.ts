/**
 * Server configuration, read once. Missing required settings fail at first use with a message
 * naming the variable, rather than as a confusing connection error later.
 */
function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set. Start the console with "npm run demo" (which sets it) or set it yourself.`);
  }
  return value;
}

export const env = {
  get appDatabaseUrl() {
    return required('BULKHEAD_APP_DATABASE_URL');
  },
  get platformDatabaseUrl() {
    return required('BULKHEAD_PLATFORM_DATABASE_URL');
  },
  get databasePoolSize() {
    return Number(process.env.BULKHEAD_DB_POOL_SIZE ?? 10);
  },
};
