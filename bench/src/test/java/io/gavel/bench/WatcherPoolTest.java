package io.gavel.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WatcherPoolTest {

  private static final int SOCKETS = 50;
  private static final String BIG = pattern(70_000);
  private static final String MEDIUM = pattern(300);

  private final List<AutoCloseable> toClose = Collections.synchronizedList(new ArrayList<>());
  private final List<Thread> serverThreads = Collections.synchronizedList(new ArrayList<>());
  private final ConcurrentLinkedQueue<Throwable> serverErrors = new ConcurrentLinkedQueue<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  @Test
  void receivesAllFrameKindsOnManySockets() throws Exception {
    Set<String> firstMessages = ConcurrentHashMap.newKeySet();
    Set<String> sentMessages = ConcurrentHashMap.newKeySet();
    ServerSocket server =
        server(
            socket -> {
              try {
                serveScript(socket, firstMessages, sentMessages);
              } catch (IOException e) {
                throw new RuntimeException(e);
              }
            });
    Map<Integer, List<String>> texts = new ConcurrentHashMap<>();
    Map<Integer, Set<String>> threads = new ConcurrentHashMap<>();
    Map<Integer, String> closes = new ConcurrentHashMap<>();
    CountDownLatch closed = new CountDownLatch(SOCKETS);
    List<Long> badTimes = Collections.synchronizedList(new ArrayList<>());
    long start = System.nanoTime();
    WatcherPool pool =
        pool(
            2,
            new WatcherPool.Listener() {
              @Override
              public void onText(int socketIndex, String text, long receivedNanos) {
                if (receivedNanos < start || receivedNanos > System.nanoTime()) {
                  badTimes.add(receivedNanos);
                }
                texts.computeIfAbsent(socketIndex, k -> Collections.synchronizedList(new ArrayList<>())).add(text);
                threads.computeIfAbsent(socketIndex, k -> ConcurrentHashMap.newKeySet()).add(Thread.currentThread().getName());
              }

              @Override
              public void onClosed(int socketIndex, int code, String reason) {
                closes.put(socketIndex, code + " " + reason);
                closed.countDown();
              }
            });
    URI uri = URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/ws/auctions?access_token=t%20k");
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < SOCKETS; i++) {
      indexes.add(pool.connect(uri, "{\"subscribe\":" + i + "}"));
    }
    for (int i = 0; i < SOCKETS; i++) {
      pool.opened(indexes.get(i)).get(3, TimeUnit.SECONDS);
      pool.send(indexes.get(i), "sent-" + i + "-" + BIG);
    }
    boolean allClosed = closed.await(4, TimeUnit.SECONDS);
    long deadline = System.currentTimeMillis() + 1000;
    for (Thread t : serverThreads) {
      t.join(Math.max(1, deadline - System.currentTimeMillis()));
    }
    assertThat(serverErrors.peek()).as("first of %d server side errors", serverErrors.size()).isNull();
    assertThat(allClosed).as("all sockets closed by the server").isTrue();

    Set<String> expectedFirst = new HashSet<>();
    Set<String> expectedSent = new HashSet<>();
    for (int i = 0; i < SOCKETS; i++) {
      assertThat(indexes.get(i)).isEqualTo(i);
      expectedFirst.add("{\"subscribe\":" + i + "}");
      expectedSent.add("sent-" + i + "-" + BIG);
      assertThat(texts.get(i)).containsExactly("small", BIG, MEDIUM, "fragmented message", "€ and ü");
      assertThat(threads.get(i)).containsExactly("watcher-selector-" + i % 2);
      assertThat(closes.get(i)).isEqualTo("1008 TOO_MANY_MESSAGES");
    }
    assertThat(firstMessages).isEqualTo(expectedFirst);
    assertThat(sentMessages).isEqualTo(expectedSent);
    assertThat(badTimes).isEmpty();
    assertThat(pool.open()).isZero();
  }

  /** The test server's answer is anchored to the example of RFC 6455, section 1.3. */
  @Test
  void serverAcceptFollowsTheRfcExample() {
    assertThat(accept("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  }

  @Test
  void refusedHandshakeOrConnectionFailsTheFuture() throws Exception {
    ServerSocket server =
        server(
            socket -> {
              try (socket) {
                String request = readRequest(socket.getInputStream());
                String answer =
                    request.startsWith("GET /forbidden ")
                        ? "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"
                        : switchingProtocols("AAAAAAAAAAAAAAAAAAAAAA==");
                socket.getOutputStream().write(ascii(answer));
                socket.getInputStream().read(); // until the client gives up
              } catch (IOException e) {
                throw new RuntimeException(e);
              }
            });
    int closedPort;
    try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = gone.getLocalPort();
    }
    List<String> closes = Collections.synchronizedList(new ArrayList<>());
    WatcherPool pool = poolNotingCloses(closes);
    int forbidden = pool.connect(URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/forbidden"), "hi");
    int badAccept = pool.connect(URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/bad-accept"), "hi");
    int refused = pool.connect(URI.create("ws://127.0.0.1:" + closedPort + "/ws"), null);
    assertThatThrownBy(() -> pool.opened(forbidden).get(3, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("403 Forbidden");
    assertThatThrownBy(() -> pool.opened(badAccept).get(3, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("Sec-WebSocket-Accept");
    assertThatThrownBy(() -> pool.opened(refused).get(3, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("refused");
    assertThat(pool.open()).isZero();
    assertThat(closes).as("onClosed is only for sockets that were open").isEmpty();
    assertThatThrownBy(() -> pool.connect(URI.create("wss://127.0.0.1/"), null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void abortClosesTheSocketWithoutTellingTheListener() throws Exception {
    CountDownLatch serverSawEnd = new CountDownLatch(1);
    ServerSocket server =
        server(
            socket -> {
              try (socket) {
                String request = readRequest(socket.getInputStream());
                socket.getOutputStream().write(ascii(switchingProtocols(header(request, "Sec-WebSocket-Key"))));
                if (socket.getInputStream().read() < 0) {
                  serverSawEnd.countDown(); // no close frame, just the end of the stream
                }
              } catch (IOException e) {
                serverSawEnd.countDown(); // a reset is an end too
              }
            });
    List<String> closes = Collections.synchronizedList(new ArrayList<>());
    WatcherPool pool = poolNotingCloses(closes);
    int socket = pool.connect(URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/ws"), null);
    pool.opened(socket).get(3, TimeUnit.SECONDS);
    assertThat(pool.open()).isEqualTo(1);
    pool.abort(socket);
    assertThat(serverSawEnd.await(3, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 300 && pool.open() > 0; i++) {
      sleep(10); // the count drops just after the socket is closed
    }
    assertThat(pool.open()).isZero();
    pool.send(socket, "dropped"); // a closed socket drops what is sent
    assertThat(closes).isEmpty();
  }

  /** The server side of one socket in {@link #receivesAllFrameKindsOnManySockets}. */
  private static void serveScript(Socket socket, Set<String> firstMessages, Set<String> sentMessages) throws IOException {
    socket.setTcpNoDelay(true);
    DataInputStream in = new DataInputStream(socket.getInputStream());
    OutputStream out = socket.getOutputStream();
    String request = readRequest(in);
    assertThat(request).startsWith("GET /ws/auctions?access_token=t%20k HTTP/1.1\r\n");
    assertThat(header(request, "Host")).isEqualTo("127.0.0.1:" + socket.getLocalPort());
    assertThat(header(request, "Upgrade")).isEqualToIgnoringCase("websocket");
    assertThat(header(request, "Connection")).isEqualToIgnoringCase("Upgrade");
    assertThat(header(request, "Sec-WebSocket-Version")).isEqualTo("13");
    String key = header(request, "Sec-WebSocket-Key");
    assertThat(Base64.getDecoder().decode(key)).hasSize(16);
    out.write(ascii(switchingProtocols(key)));
    out.flush();

    Frame first = Frame.read(in);
    assertThat(first.opcode).isEqualTo(1);
    firstMessages.add(first.text());
    Frame sent = Frame.read(in);
    assertThat(sent.opcode).isEqualTo(1);
    sentMessages.add(sent.text());

    ByteArrayOutputStream burst = new ByteArrayOutputStream();
    burst.write(frame(0x81, utf8("small")));
    burst.write(frame(0x81, utf8(BIG)));
    out.write(burst.toByteArray());
    byte[] medium = frame(0x81, utf8(MEDIUM));
    out.write(medium, 0, 3); // a header split over two reads
    out.flush();
    sleep(20);
    out.write(medium, 3, medium.length - 3);
    burst.reset();
    burst.write(frame(0x01, utf8("fragmented ")));
    burst.write(frame(0x89, utf8("ping-42")));
    burst.write(frame(0x80, utf8("message")));
    out.write(burst.toByteArray());
    out.flush();
    Frame pong = Frame.read(in);
    assertThat(pong.opcode).isEqualTo(10);
    assertThat(pong.text()).isEqualTo("ping-42");

    burst.reset();
    burst.write(frame(0x81, utf8("€ and ü")));
    ByteBuffer close = ByteBuffer.allocate(2 + 17).putShort((short) 1008).put(utf8("TOO_MANY_MESSAGES"));
    burst.write(frame(0x88, close.array()));
    out.write(burst.toByteArray());
    out.flush();
    Frame closeReply = Frame.read(in);
    assertThat(closeReply.opcode).isEqualTo(8);
    assertThat(closeReply.payload).containsExactly(0x03, 0xF0);
    assertThat(in.read()).as("client closes after the close frame").isEqualTo(-1);
    socket.close();
  }

  /** A client frame as read by the test server; asserts FIN and the mask. */
  private record Frame(int opcode, byte[] payload) {
    static Frame read(DataInputStream in) throws IOException {
      int b0 = in.readUnsignedByte(), b1 = in.readUnsignedByte();
      assertThat(b0 & 0x80).as("FIN").isNotZero();
      assertThat(b1 & 0x80).as("client frames are masked").isNotZero();
      long length = b1 & 0x7F;
      if (length == 126) {
        length = in.readUnsignedShort();
      } else if (length == 127) {
        length = in.readLong();
      }
      byte[] mask = in.readNBytes(4);
      byte[] payload = in.readNBytes((int) length);
      assertThat(payload).hasSize((int) length);
      for (int i = 0; i < payload.length; i++) {
        payload[i] ^= mask[i & 3];
      }
      return new Frame(b0 & 0x0F, payload);
    }

    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  /** An unmasked server frame. */
  private static byte[] frame(int b0, byte[] payload) {
    int n = payload.length;
    ByteBuffer b = ByteBuffer.allocate(10 + n).put((byte) b0);
    if (n < 126) {
      b.put((byte) n);
    } else if (n < 65536) {
      b.put((byte) 126).putShort((short) n);
    } else {
      b.put((byte) 127).putLong(n);
    }
    b.put(payload);
    byte[] a = new byte[b.position()];
    b.flip().get(a);
    return a;
  }

  private ServerSocket server(Consumer<Socket> handler) throws IOException {
    ServerSocket server = new ServerSocket(0, SOCKETS, InetAddress.getLoopbackAddress());
    toClose.add(server);
    Thread acceptor =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket s = server.accept();
                  toClose.add(s);
                  Thread t = new Thread(() -> run(() -> handler.accept(s)), "test-ws-server");
                  serverThreads.add(t);
                  t.start();
                } catch (IOException e) {
                  return; // closed
                }
              }
            },
            "test-ws-acceptor");
    acceptor.setDaemon(true);
    acceptor.start();
    return server;
  }

  private void run(Runnable r) {
    try {
      r.run();
    } catch (Throwable e) {
      serverErrors.add(e);
    }
  }

  private WatcherPool pool(int threads, WatcherPool.Listener listener) throws IOException {
    WatcherPool pool = new WatcherPool(threads, listener);
    toClose.add(pool);
    return pool;
  }

  /** A one-thread pool that ignores messages and adds the reason of every {@code onClosed} to {@code closes}. */
  private WatcherPool poolNotingCloses(List<String> closes) throws IOException {
    return pool(
        1,
        new WatcherPool.Listener() {
          @Override
          public void onText(int socketIndex, String text, long receivedNanos) {}

          @Override
          public void onClosed(int socketIndex, int code, String reason) {
            closes.add(reason);
          }
        });
  }

  private static String readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("EOF in request: " + head);
      }
      head.write(b);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  private static String header(String request, String name) {
    for (String line : request.split("\r\n")) {
      if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
        return line.substring(name.length() + 1).trim();
      }
    }
    return null;
  }

  /** The server's answer accepting the upgrade request whose key was {@code key}. */
  private static String switchingProtocols(String key) {
    return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n";
  }

  private static String accept(String key) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      return Base64.getEncoder().encodeToString(sha1.digest(ascii(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pattern(int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; s.length() < length; i++) {
      s.append((char) ('a' + i % 26));
    }
    return s.toString();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
