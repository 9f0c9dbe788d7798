/**
 * The live auction socket {@code /ws/auctions}.
 *
 * <p>Decisions: the handshake is authenticated by a servlet filter (browsers cannot send an
 * Authorization header), anonymous sockets may watch. Each connection has a bounded outbound
 * queue drained asynchronously; fan-out only enqueues. A subscription holds live events back
 * until its snapshot or replay is queued and drops anything at or below the last forwarded
 * {@code seq}, so a client sees each event once and in order.
 */
package io.gavel.auction.ws;
