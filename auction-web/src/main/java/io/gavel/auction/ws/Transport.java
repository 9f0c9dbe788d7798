package io.gavel.auction.ws;

import jakarta.websocket.CloseReason;
import java.util.function.Consumer;

/** How a connection's messages reach its client: a WebSocket or a server-sent-event stream. */
interface Transport {

  String id();

  /** Sends one message without blocking; {@code done} gets null on success or the failure. */
  void send(String text, Consumer<Throwable> done);

  /** A keep-alive the client answers (WebSocket) or that only proves the stream still writes. */
  void ping();

  void close(CloseReason reason);

  /**
   * Whether the client never sends anything (server-sent events): such a connection has no idle
   * timeout; a dead client shows as a failed write instead.
   */
  boolean oneWay();

  /** Whether {@link #send} may block its thread (then it only ever runs on the send executor). */
  boolean mayBlock();
}
