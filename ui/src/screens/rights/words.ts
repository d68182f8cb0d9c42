import type { IdentityMethod } from '../../bindings/IdentityMethod';
import type { OpenRequest } from '../../bindings/OpenRequest';
import type { ObjectionPurpose } from '../../bindings/ObjectionPurpose';
import type { RequestKind } from '../../bindings/RequestKind';
import type { RequestState } from '../../bindings/RequestState';

// The closed lists the forms offer, in the order a person reads them.
export const REQUEST_KINDS: readonly RequestKind[] = ['access', 'correction', 'deletion', 'portability', 'objection'];
export const IDENTITY_METHODS: readonly IdentityMethod[] = [
  'cnic_seen',
  'known_in_person',
  'phone_call_back',
  'signed_letter',
  'other',
];
export const OBJECTION_PURPOSES: readonly ObjectionPurpose[] = ['reminders', 'sharing', 'statistics'];

/** A patient under this age can only be asked for by a guardian (policy 10). */
export const CHILD_UNDER = 13;

export const isClosed = (s: RequestState) => s === 'fulfilled' || s === 'refused';

/** Soonest due first; the back end sends them so, but the order is what this screen promises. */
export function byDueDate(open: OpenRequest[]): OpenRequest[] {
  return [...open].sort((a, b) => a.days_left - b.days_left || a.request.id - b.request.id);
}

/** The kinds of request whose answer is work the app does (files saved, records erased), not words. */
export const WORK_KINDS: readonly string[] = ['access', 'portability', 'deletion'];
