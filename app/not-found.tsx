import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center gap-2 text-center">
      <h1 className="text-3xl font-semibold">Not found</h1>
      <p className="text-sm text-slate-600">This page does not exist, or you do not have access to it.</p>
      <Link href="/tenants" className="text-sm text-indigo-700 hover:underline">
        Back to your tenants
      </Link>
    </main>
  );
}
