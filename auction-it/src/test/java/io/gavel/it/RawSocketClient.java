package io.gavel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a plain socket, for what the usual clients do by themselves: it never
 * answers a ping, and it reads only when the test calls {@link #nextFrame}, so a test can stop
 * reading for real (the JDK client keeps answering pings even without demand).
 */
final class RawSocketClient implements AutoCloseable {

  /** A frame from the server: its opcode and payload. */
  record Frame(int opcode, byte[] payload) {
    static final int TEXT = 0x1;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;

    /** A close frame's code and reason, as "1001 IDLE_TIMEOUT". */
    String closeReason() {
      int code = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
      return code + " " + new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
    }
  }

  private final Socket socket;
  private final DataInputStream in;

  private RawSocketClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
  }

  /** Opens an anonymous connection to {@code /ws/auctions} of the node. */
  static RawSocketClient connect(int node) throws IOException {
    URI http = SharedPlatform.node(node);
    Socket socket = new Socket(http.getHost(), http.getPort());
    socket.setSoTimeout(40_000);
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    socket.getOutputStream().write(("GET /ws/auctions HTTP/1.1\r\nHost: " + http.getHost() + ":" + http.getPort()
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
        + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    RawSocketClient client = new RawSocketClient(socket);
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      head.append((char) client.in.readUnsignedByte());
    }
    assertThat(head.toString()).startsWith("HTTP/1.1 101");
    return client;
  }

  /** Sends one text message as a masked frame, as a client must. */
  void send(String text) throws IOException {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream();
    frame.write(0x80 | Frame.TEXT);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else {
      frame.write(0x80 | 126);
      frame.write(payload.length >> 8);
      frame.write(payload.length & 0xff);
    }
    frame.write(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    socket.getOutputStream().write(frame.toByteArray());
  }

  /** Reads the next frame (server frames are unmasked and, here, never fragmented). */
  Frame nextFrame() throws IOException {
    int opcode = in.readUnsignedByte() & 0x0f;
    int length = in.readUnsignedByte() & 0x7f;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = Math.toIntExact(in.readLong());
    }
    return new Frame(opcode, in.readNBytes(length));
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
