/**
 * Messaging adapters for auctions: the per-node consumer of the cluster's auction-event topic.
 *
 * <p>Decisions: a non-durable subscription per node (each node receives every event once;
 * a node that was down catches its clients up from the database, not from a backlog), one
 * session for in-order delivery, one message per publishing transaction (its events as JSON
 * text, in order), and hand-off to the web tier as a CDI event so this module knows nothing of
 * WebSockets.
 */
package io.gavel.auction.messaging;
