'use client';

import { usePathname } from 'next/navigation';
import { useState, type ReactNode } from 'react';
import { ConsoleNav, type NavItem } from './console-nav';

function Brand() {
  return (
    <div>
      <p className="text-lg font-semibold tracking-tight">Bulkhead</p>
      <p className="text-xs text-slate-400">Tenant isolation console</p>
    </div>
  );
}

/**
 * The console frame: a sidebar from tablet width up; on a phone a top bar whose Menu button opens the
 * same navigation (closed again on every navigation), so pages get the full width of the screen.
 */
export function ConsoleShell({ items, account, children }: { items: NavItem[]; account: ReactNode; children: ReactNode }) {
  const pathname = usePathname();
  const [isMenuOpen, setIsMenuOpen] = useState(false);
  const [menuPath, setMenuPath] = useState(pathname);
  if (menuPath !== pathname) {
    setMenuPath(pathname);
    setIsMenuOpen(false);
  }
  return (
    <div className="min-h-screen md:flex">
      <header className="sticky top-0 z-30 flex items-center justify-between bg-slate-900 px-4 py-3 text-slate-100 md:hidden print:hidden">
        <Brand />
        <button
          type="button"
          aria-expanded={isMenuOpen}
          aria-controls="console-menu"
          onClick={() => setIsMenuOpen(!isMenuOpen)}
          className="rounded-md border border-slate-700 px-3 py-1.5 text-sm font-medium hover:bg-slate-800"
        >
          {isMenuOpen ? 'Close' : 'Menu'}
        </button>
      </header>
      <aside
        id="console-menu"
        className={`${isMenuOpen ? 'flex' : 'hidden'} flex-col bg-slate-900 px-3 py-4 text-slate-100 shadow-lg md:sticky md:top-0 md:flex md:h-screen md:w-60 md:shrink-0 md:py-5 md:shadow-none print:hidden`}
      >
        <div className="mb-6 hidden px-3 md:block">
          <Brand />
        </div>
        <ConsoleNav items={items} />
        {account}
      </aside>
      {/* Printed pages (the attestation) are the content alone. */}
      <main className="min-w-0 flex-1 px-4 py-6 md:px-8 md:py-8 print:p-0">{children}</main>
    </div>
  );
}
