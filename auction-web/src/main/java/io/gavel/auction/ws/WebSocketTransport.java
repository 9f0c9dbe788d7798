package io.gavel.auction.ws;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** A WebSocket session as a {@link Transport}: asynchronous text messages and ping frames. */
final class WebSocketTransport implements Transport {

  private static final Logger LOG = Logger.getLogger(WebSocketTransport.class.getName());

  private final Session session;

  WebSocketTransport(Session session) {
    this.session = session;
  }

  @Override
  public String id() {
    return session.getId();
  }

  @Override
  public void send(String text, Consumer<Throwable> done) {
    try {
      session.getAsyncRemote().sendText(text, result -> done.accept(result.isOK() ? null : result.getException()));
    } catch (IllegalStateException | IllegalArgumentException e) {
      done.accept(e);
    }
  }

  @Override
  public void ping() {
    try {
      session.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
    } catch (IOException | IllegalStateException | IllegalArgumentException e) {
      LOG.log(Level.FINE, "ping failed for " + session.getId(), e);
    }
  }

  @Override
  public void close(CloseReason reason) {
    try {
      if (session.isOpen()) {
        session.close(reason);
      }
    } catch (IOException e) {
      LOG.log(Level.FINE, "close failed for " + session.getId(), e);
    }
  }

  @Override
  public boolean oneWay() {
    return false;
  }

  @Override
  public boolean mayBlock() {
    return false;
  }
}
