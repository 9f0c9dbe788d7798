/**
 * Audit: the append-only log of who did or tried what. Entries are written in the transaction of
 * the use case they describe; nothing updates or deletes them.
 */
package io.gavel.audit;
