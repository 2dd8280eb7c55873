import 'server-only';
/** One control a questionnaire asks about, with the checks that give evidence for it and what they do not cover. */
export interface ControlMappingRow {
  framework: 'NIST SP 800-53 Rev. 5' | 'HIPAA Security Rule' | 'OWASP Top 10 for LLM Applications 2025';
  control: string;
  title: string;
  checks: readonly string[];
  outOfScope: string;
}

const DATABASE_CHECKS = [
  'database.cross_tenant_read',
  'database.no_context',
  'database.rls_catalog',
  'database.role_power',
  'database.foreign_schema',
  'database.foreign_database',
];

/**
 * Which checks support which control. A row names only what the checks actually attack; what they
 * leave to other evidence (policies, physical security, people) is said in outOfScope, so an
 * attestation never claims more than was tested.
 */
export const CONTROL_MAPPING: readonly ControlMappingRow[] = [
  {
    framework: 'NIST SP 800-53 Rev. 5',
    control: 'SC-4',
    title: 'Information in shared system resources',
    checks: [...DATABASE_CHECKS, 'context.prefix_cache', 'retrieval.cross_query'],
    outOfScope: 'Memory and GPU residue inside the model server and the database server process; hardware side channels.',
  },
  {
    framework: 'NIST SP 800-53 Rev. 5',
    control: 'SC-28',
    title: 'Protection of information at rest',
    checks: ['keys.cross_open', 'keys.state'],
    outOfScope: 'Disk and backup encryption of the database servers; namespace-tier data, which is plaintext under row-level security.',
  },
  {
    framework: 'NIST SP 800-53 Rev. 5',
    control: 'SC-12',
    title: 'Cryptographic key establishment and management',
    checks: ['keys.state', 'keys.cross_open'],
    outOfScope: "The KMS provider's own key custody and HSM validation; rotation of the platform key.",
  },
  {
    framework: 'NIST SP 800-53 Rev. 5',
    control: 'AC-3',
    title: 'Access enforcement',
    checks: [...DATABASE_CHECKS, 'logs.foreign_view'],
    outOfScope: 'Console sign-in and role assignment (covered by the console authorization tests, not by these live checks).',
  },
  {
    framework: 'NIST SP 800-53 Rev. 5',
    control: 'AC-4',
    title: 'Information flow enforcement',
    checks: ['context.foreign_canary', 'context.prefix_cache', 'retrieval.cross_query'],
    outOfScope: 'Flows outside the gateway (applications calling a model provider directly); what a model provider does with a request.',
  },
  {
    framework: 'NIST SP 800-53 Rev. 5',
    control: 'AU-9',
    title: 'Protection of audit information',
    checks: ['logs.chain_verify', 'logs.foreign_view'],
    outOfScope: 'Off-site copies of exported logs; the availability of the log store.',
  },
  {
    framework: 'NIST SP 800-53 Rev. 5',
    control: 'AU-10',
    title: 'Non-repudiation',
    checks: ['logs.chain_verify'],
    outOfScope: 'Identity proofing of the people whose actions are logged; the custody of the signing key-encryption key.',
  },
  {
    framework: 'HIPAA Security Rule',
    control: '164.312(a)(1)',
    title: 'Access control',
    checks: [...DATABASE_CHECKS, 'logs.foreign_view'],
    outOfScope: 'Workforce access procedures, unique user identification and emergency access (administrative safeguards).',
  },
  {
    framework: 'HIPAA Security Rule',
    control: '164.312(a)(2)(iv)',
    title: 'Encryption and decryption',
    checks: ['keys.cross_open', 'keys.state'],
    outOfScope: 'Encryption of namespace-tier data and of data outside Bulkhead.',
  },
  {
    framework: 'HIPAA Security Rule',
    control: '164.312(b)',
    title: 'Audit controls',
    checks: ['logs.chain_verify', 'logs.foreign_view'],
    outOfScope: 'Review of the logs by people (a procedure, not a mechanism).',
  },
  {
    framework: 'HIPAA Security Rule',
    control: '164.312(c)(1)',
    title: 'Integrity',
    checks: ['logs.chain_verify', 'keys.cross_open'],
    outOfScope: 'Integrity of data before it reaches Bulkhead and of model output.',
  },
  {
    framework: 'OWASP Top 10 for LLM Applications 2025',
    control: 'LLM02',
    title: 'Sensitive information disclosure',
    checks: ['context.foreign_canary', 'retrieval.cross_query', 'context.prefix_cache'],
    outOfScope: "Disclosure of a tenant's own data to its own users; training-data memorisation by the model.",
  },
  {
    framework: 'OWASP Top 10 for LLM Applications 2025',
    control: 'LLM07',
    title: 'System prompt leakage',
    checks: ['context.foreign_canary', 'database.cross_tenant_read'],
    outOfScope: "A tenant's own users extracting that tenant's prompt (screened, but not attacked by these checks).",
  },
  {
    framework: 'OWASP Top 10 for LLM Applications 2025',
    control: 'LLM08',
    title: 'Vector and embedding weaknesses',
    checks: ['retrieval.cross_query', 'database.cross_tenant_read'],
    outOfScope: 'Poisoned documents inside a tenant; embedding inversion by the embeddings provider.',
  },
  {
    framework: 'OWASP Top 10 for LLM Applications 2025',
    control: 'LLM01',
    title: 'Prompt injection (screening)',
    checks: ['context.foreign_canary'],
    outOfScope: 'Injection that does not cross tenants; screening is a detector, not a guarantee.',
  },
];
