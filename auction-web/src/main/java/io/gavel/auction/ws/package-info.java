/**
 * The live auction socket {@code /ws/auctions}, and its server-sent-event fallback.
 *
 * <p>Decisions: the handshake is authenticated by a servlet filter (browsers cannot send an
 * Authorization header), anonymous sockets may watch, and a refused token gets its socket only to
 * read {@code error UNAUTHORIZED} before the close. Each connection has a bounded outbound
 * queue sent asynchronously, one message at a time, so no thread ever waits for a client's
 * socket; fan-out only enqueues, and an overflowing client is disconnected. A subscription holds
 * live events back until its snapshot or replay is queued and drops anything at or below the last
 * forwarded {@code seq}, so a client sees each event once and in order. Private messages arrive
 * on the same topic marked with a user id and go to that user's connections on this node.
 * Presence is summed over the nodes' rows in the database (each node reports only changes, once
 * a second): simpler than a data grid, and small against the bid path's writes. A ticker thread
 * per node sends {@code ending.soon}, {@code presence} and heartbeats.
 */
package io.gavel.auction.ws;
