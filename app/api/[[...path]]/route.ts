export const dynamic = 'force-dynamic';

/**
 * Every address under /api that no route serves. Without this, Next.js treats a POST there as a
 * server action call and fails with a 500 on a large body before anything of ours runs. Answered
 * in OpenAI's error shape (the /api/v1 door's clients read it) and in the console's `error` field
 * shape alike, without reading the body.
 */
function answerUnknownRoute(): Response {
  const message = 'Nothing is served at this address. Check the path: the API routes are listed in the README.';
  return Response.json({ error: { message, type: 'invalid_request_error', code: 'unknown_route' } }, { status: 404, headers: { 'cache-control': 'no-store' } });
}

export const GET = answerUnknownRoute;
export const HEAD = answerUnknownRoute;
export const POST = answerUnknownRoute;
export const PUT = answerUnknownRoute;
export const PATCH = answerUnknownRoute;
export const DELETE = answerUnknownRoute;
export const OPTIONS = answerUnknownRoute;
