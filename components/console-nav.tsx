'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

export interface NavItem {
  href: string;
  label: string;
  /** Also active on tenant pages ending in one of these sections (a tenant's playground is the Playground). */
  alsoUnder?: string[];
  /** Not active on tenant pages in these sections, which another item claims. */
  exceptUnder?: string[];
}

function tenantSection(pathname: string): string | null {
  return /^\/tenants\/[^/]+\/([^/]+)/.exec(pathname)?.[1] ?? null;
}

function isActive(item: NavItem, pathname: string) {
  const section = tenantSection(pathname);
  if (section && item.exceptUnder?.includes(section)) return false;
  if (section && item.alsoUnder?.includes(section)) return true;
  return pathname === item.href || pathname.startsWith(`${item.href}/`);
}

export function ConsoleNav({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  // A nested entry (Platform › Users) wins over its parent, so only one entry is marked.
  const activeHref = items
    .filter((item) => isActive(item, pathname))
    .map((item) => item.href)
    .sort((a, b) => b.length - a.length)[0];
  return (
    <nav aria-label="Console" className="flex flex-col gap-1">
      {items.map((item) => {
        const active = item.href === activeHref;
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? 'page' : undefined}
            className={`rounded-md px-3 py-2 text-sm font-medium ${active ? 'bg-slate-800 text-white' : 'text-slate-300 hover:bg-slate-800/60 hover:text-white'}`}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
