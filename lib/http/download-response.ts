import 'server-only';

/** A file the browser saves rather than shows, never cached (it is one person's authorized read). */
export function downloadResponse(file: { body: string; contentType: string; filename: string }): Response {
  return new Response(file.body, {
    headers: { 'content-type': file.contentType, 'content-disposition': `attachment; filename="${file.filename}"`, 'cache-control': 'no-store' },
  });
}
