'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

/**
 * A tenant's sections as tabs, the open one marked (aria-current). On a narrow screen the row
 * scrolls sideways on its own instead of widening the page.
 */
export function TenantTabs({ base, sections }: { base: string; sections: { path: string; label: string }[] }) {
  const pathname = usePathname();
  const openPath = sections
    .map((section) => section.path)
    .filter((path) => pathname === `${base}${path}` || (path !== '' && pathname.startsWith(`${base}${path}/`)))
    .sort((a, b) => b.length - a.length)[0];
  return (
    <nav aria-label="Tenant" className="-mx-4 mt-3 overflow-x-auto px-4 md:mx-0 md:px-0">
      <ul className="flex gap-1 whitespace-nowrap text-sm">
        {sections.map((section) => {
          const isOpen = section.path === openPath;
          return (
            <li key={section.path}>
              <Link
                href={`${base}${section.path}`}
                aria-current={isOpen ? 'page' : undefined}
                className={`block rounded-md px-3 py-1.5 ${isOpen ? 'bg-indigo-50 font-semibold text-indigo-800' : 'text-slate-600 hover:bg-slate-100 hover:text-slate-900'}`}
              >
                {section.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
