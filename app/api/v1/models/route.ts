import { toWebResponse } from '@/lib/enforcement/http/gateway-reply';
import { answerListModels } from '@/lib/enforcement/http/handle-list-models';

export const dynamic = 'force-dynamic';

/** The models the key's tenant may call, in OpenAI's list shape (the gateway service serves the same handler). */
export async function GET(request: Request): Promise<Response> {
  return toWebResponse(await answerListModels(request.headers.get('authorization')));
}
