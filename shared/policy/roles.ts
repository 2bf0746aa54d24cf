import { FUNCTIONS } from '../schema/functions.ts';

/**
 * What an invited person may do in a cycle, from most to least:
 * - `facilitator`: runs the cycle and its meeting, and anything an editor may do;
 * - `editor`: changes the plan and the work items (risks, decisions, actions...);
 * - `approver`: an executive who reads everything, signs off, marks the pre-read read,
 *   comments and approves decisions, but changes no plan number;
 * - `viewer`: reads; may mark the pre-read read and record their own attendance.
 */
export const ROLES = ['facilitator', 'editor', 'approver', 'viewer'] as const;

/** One of the {@link ROLES}. */
export type Role = (typeof ROLES)[number];

/** A business function a person speaks for (sales, marketing, supply chain, finance, executive). */
export type SopFunction = (typeof FUNCTIONS)[number];

/** Who is writing: the person's name, role and functions, as their invite says. */
export interface Actor {
  /** Display name, as the invite carries it. */
  readonly name: string;
  readonly role: Role;
  /** The functions the invite names; sign-offs and input status only for these. */
  readonly functions: readonly SopFunction[];
  /**
   * The document client ids the person's own pages wrote with, as the relay saw them:
   * a record one of them created is the person's own draft, which they may remove
   * (undoing its creation), where others' records are archived.
   */
  readonly ownClients?: ReadonlySet<number>;
}

/** How each role reads on the page. */
export const ROLE_WORDS: Readonly<Record<Role, string>> = {
  facilitator: 'Facilitator',
  editor: 'Editor',
  approver: 'Approver',
  viewer: 'Viewer (read-only)',
};

/** True for a role name the product knows. */
export function isRole(value: unknown): value is Role {
  return (ROLES as readonly unknown[]).includes(value);
}
