/**
 * Auctions: listing, the auction aggregate with its rules, the public event log, and the
 * time-driven lifecycle.
 *
 * <p>Decisions: the rules an auction starts with are copied onto it (a category change never
 * affects a running auction). Every accepted bid and every state change takes the auction's next
 * {@code seq} and is written to {@code auction_events} and sent to the cluster topic in the same
 * XA transaction, so the log, the database state and what watchers see cannot disagree. Start and
 * end times live in the database; EJB timers are an in-memory precision aid backed by a sweeper
 * on every node, and every transition is re-checked under the auction's row lock so it happens
 * exactly once however many nodes race for it.
 */
package io.gavel.auction;
