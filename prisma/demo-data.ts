import type { TenantKind } from '@/lib/generated/prisma/client';

export interface DemoTenant {
  slug: string;
  name: string;
  kind: TenantKind;
  dataClasses: string[];
  regimes: string[];
  hasOwnDpa: boolean;
  notes: string;
}

/** The three demo tenants the issue describes: an internal department and two regulated clients. */
export const demoTenants: DemoTenant[] = [
  {
    slug: 'claims-operations',
    name: 'Claims Operations',
    kind: 'internal_department',
    dataClasses: ['pii'],
    regimes: [],
    hasOwnDpa: false,
    notes: 'Internal claims processing team.',
  },
  {
    slug: 'northwind-bank',
    name: 'Northwind Bank',
    kind: 'external_client',
    dataClasses: ['financial', 'pii'],
    regimes: ['occ_heightened'],
    hasOwnDpa: true,
    notes: 'External banking client under OCC Heightened Standards.',
  },
  {
    slug: 'st-elm-health',
    name: 'St. Elm Health',
    kind: 'external_client',
    dataClasses: ['phi'],
    regimes: ['hipaa_baa'],
    hasOwnDpa: true,
    notes: 'Healthcare client; a cross-tenant PHI leak is a HIPAA BAA violation.',
  },
];

export interface DemoUser {
  email: string;
  name: string;
  platformRole?: 'platform_admin' | 'compliance_officer';
  /** tenant slug → role */
  memberships?: Record<string, 'admin' | 'member'>;
  complianceFor?: string[];
}

export const demoUsers: DemoUser[] = [
  { email: 'admin@bulkhead.local', name: 'Priya Platform', platformRole: 'platform_admin' },
  { email: 'compliance@bulkhead.local', name: 'Cole Compliance', platformRole: 'compliance_officer', complianceFor: ['northwind-bank', 'claims-operations'] },
  { email: 'admin@claims-operations.example', name: 'Casey Claims', memberships: { 'claims-operations': 'admin' } },
  { email: 'member@claims-operations.example', name: 'Morgan Claims', memberships: { 'claims-operations': 'member' } },
  { email: 'admin@northwind-bank.example', name: 'Nadia Northwind', memberships: { 'northwind-bank': 'admin' } },
  { email: 'member@northwind-bank.example', name: 'Noah Northwind', memberships: { 'northwind-bank': 'member' } },
  { email: 'admin@st-elm-health.example', name: 'Sam Elm', memberships: { 'st-elm-health': 'admin' } },
  { email: 'member@st-elm-health.example', name: 'Sky Elm', memberships: { 'st-elm-health': 'member' } },
];
