import type { NextRequest } from 'next/server';
import { handlers } from '@/lib/auth/auth-config';
import { withSignInOrigin } from '@/lib/auth/auth-request-origin';

export const GET = async (request: NextRequest) => handlers.GET(await withSignInOrigin(request));
export const POST = async (request: NextRequest) => handlers.POST(await withSignInOrigin(request));
