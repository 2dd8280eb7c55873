/** YYYY-MM-DD in UTC: the same text on the server and in the browser, whatever their time zones. */
export function formatDate(date: Date | string): string {
  return new Date(date).toISOString().slice(0, 10);
}
